// The documents module's demo step: the 局党组's 5号文 of the seed speech
// (《庆祝中国共产党成立100周年活动安排》, 16 main activities), for the 2021
// campaign.
#pragma once

#include "domain/documents/document.hpp"

namespace duxing::domain::documents {

// 5号文 with its 16 activities (names modelled on the speech's 一(二)), each
// with its planned period and responsible working group where the demo
// leadership has one. Does nothing without the demo campaign or when the
// campaign has the document already (running it twice adds it once).
Status AddDemoDocuments(storage::Tx& tx, const Context& ctx);

// ModuleInfo::demo: AddDemoDocuments in a transaction of its own.
Status AddDemo(DemoContext& demo);

}  // namespace duxing::domain::documents
