// The demo organization: a municipal statistics bureau like the one in the
// seed speech, with generated names (no real persons).
#pragma once

#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/module.hpp"
#include "storage/database.hpp"

namespace duxing::domain::demo {

using domain::DemoAccount;

// True when the database already holds organizations (init is then a no-op).
Result<bool> HasData(storage::Database& db);

// Builds 市统计局 with 局党组, 机关党委, four branches, departments, about 120
// in-service staff, 40 retirees, families, the linked communities and villages,
// and one account per role, all with `password`. Fails if data exists.
Result<std::vector<DemoAccount>> BuildDemo(storage::Database& db, TimePoint now,
                                           const std::string& password);

// Creates only the root organization and the `admin` system administrator.
Status BuildMinimal(storage::Database& db, TimePoint now, const std::string& password);

}  // namespace duxing::domain::demo
