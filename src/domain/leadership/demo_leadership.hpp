// The leadership module's demo step: the 2021 campaign's leading group as
// the seed speech tells it (../shared/seed/speech-2021-summary.txt, 一(六)).
#pragma once

#include "domain/leadership/leadership.hpp"

namespace duxing::domain::leadership {

// The demo's leading group, office and four working groups (综合组、联络组、
// 实践组、宣传组, headed by the 机关党委 deputy secretary, the office
// director, the 综合科 head and the 机关党委 publicity member), with the
// leader's hand-over of 2021-09-24 (前后两任主要负责同志于9月下旬交接) and
// the responsibility list (第一责任人, 一岗双责, 主体责任). People are the demo
// bureau's in-service members, in id order. Does nothing without the demo
// campaign or when its leadership exists (running it twice adds it once).
Status AddDemoLeadership(storage::Tx& tx, const Context& ctx);

// The module's demo step (ModuleInfo::demo): AddDemoLeadership in a
// transaction of its own.
Status AddDemo(DemoContext& demo);

}  // namespace duxing::domain::leadership
