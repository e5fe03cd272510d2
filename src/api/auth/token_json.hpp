// API tokens as JSON, for /auth/tokens and /accounts/{id}/tokens.
#pragma once

#include <boost/json/object.hpp>
#include <vector>

#include "api/http_types.hpp"
#include "domain/auth/auth_service.hpp"

namespace duxing::api {

// {"id","name","created_at","expires_at","last_used_at"}; never the secret.
boost::json::object TokenJson(const domain::auth::ApiToken& t);
// {"items":[TokenJson...],"total":N}.
Response TokenList(const std::vector<domain::auth::ApiToken>& tokens);

}  // namespace duxing::api
