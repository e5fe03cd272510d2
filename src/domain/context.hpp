// The caller of a domain operation: who, from where, when. Built per request
// by the API layer; domain services take it by const reference.
#pragma once

#include <string>

#include "common/clock.hpp"
#include "domain/auth/principal.hpp"

namespace duxing::domain {

struct Context {
  // Null for anonymous calls (login); every other operation has one.
  const auth::Principal* principal = nullptr;
  std::string request_id;
  std::string client_ip;
  TimePoint now;
};

}  // namespace duxing::domain
