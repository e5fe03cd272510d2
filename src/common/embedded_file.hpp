// Files compiled into the binary (migrations, the OpenAPI document, the
// common-password list, the demo question bank).
#pragma once

#include <string_view>
#include <vector>

namespace duxing {

struct EmbeddedFile {
  std::string_view name;  // path relative to its folder, e.g. "sqlite/0001_backbone.sql"
  std::string_view data;
};

// Every migration under src/storage/migrations/, sorted by name.
const std::vector<EmbeddedFile>& EmbeddedMigrations();

// src/api/openapi.json (the base document, named "openapi.json") and each
// module's part ("communities/openapi.json"); api/module.hpp merges them.
const std::vector<EmbeddedFile>& EmbeddedOpenApi();

// src/domain/auth/common_passwords.txt (domain/auth/password_policy.hpp).
const std::vector<EmbeddedFile>& EmbeddedCommonPasswords();

// src/domain/assessments/demo_bank.csv, the demo 党史 question bank
// (domain/assessments/demo_bank.hpp).
const std::vector<EmbeddedFile>& EmbeddedDemoBank();

}  // namespace duxing
