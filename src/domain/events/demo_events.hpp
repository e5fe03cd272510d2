// The events module's demo step: red-resource sites and events of the 2021
// 党史学习教育 as the seed speech tells them (the four 专题学习会, the party
// lectures, the party-school lecture, the 清明祭英烈 themed day, the 《1921》
// screening with the linked community), a volunteer service in each linked
// community every quarter (hours confirmed) and 第一党小组's weekly 党小组会
// series, each with attendance.
#pragma once

#include "domain/module.hpp"

namespace duxing::domain::events {

// Adds them in one transaction; does nothing without the demo bureau (no
// 市统计局机关党委) or when its events exist already.
Status AddDemoEvents(DemoContext& demo);

}  // namespace duxing::domain::events
