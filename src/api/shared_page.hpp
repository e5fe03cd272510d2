// A list page shared from a domain read cache (common/page.hpp SharedPage,
// held by a shared_ptr: the people list, the ledger list) as an HTTP answer.
#pragma once

#include <boost/json/array.hpp>

#include "api/http_types.hpp"
#include "api/router.hpp"

namespace duxing::api {

// The page as PageOf (record_routes.hpp) answers it, {"items", "total",
// "next_cursor"}, serialized once per page (SharedPage::Rendered) and sent
// from the cache entry without a copy. `to_json` must be the same for every
// caller of one service's pages.
template <typename Shared, typename ToJson>
Response SharedPageOf(const Shared& shared, ToJson to_json) {
  Response r;
  r.shared_owner = shared;
  r.shared_body = shared->Rendered([&](const auto& page) {
    boost::json::array items;
    items.reserve(page.items.size());
    for (const auto& x : page.items) items.push_back(to_json(x));
    return ListJson(std::move(items), page.total, page.next_cursor);
  });
  return r;
}

}  // namespace duxing::api
