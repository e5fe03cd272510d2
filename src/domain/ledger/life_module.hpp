// What the ledger's kinds 3-5 add to the ledger module's declaration
// (module.cpp): their audit record types with field labels and name sources.
#pragma once

#include <vector>

#include "domain/module.hpp"

namespace duxing::domain::ledger {

// life_meeting, life_meeting_member, life_criticism, life_problem,
// enterprise_visit, self_check, self_check_point.
std::vector<RecordType> LifeRecordTypes();

}  // namespace duxing::domain::ledger
