// The backbone of a module's record routes: the handlers every module wrote
// alike (read the path id, read the JSON body strictly, call the service with
// the caller and the version, answer the record's JSON), written once. A
// module names its service's member function and gives what is its own: how
// its fields are read and how its record is written as JSON.
//
//   router.Add({"GET", "/api/v1/campaigns/{id}", in,
//               GetRecord<&CampaignService::Get>(CampaignJson)});
//   router.Add({"PATCH", "/api/v1/campaigns/{id}", in,
//               EditRecord<&CampaignService::Update>(ReadFields, CampaignJson)});
//
// `kMethod` is a member function of a service some module provides
// (Call::s.Get<T>()); its first parameter is the domain::Context. A `read`
// step is `Result<X>(JsonBody&)` and reads every field it accepts: the body
// is refused after it for a field nobody read (JsonBody::Finish), before the
// service is called. When X is a std::tuple, its elements are passed to the
// service as separate arguments; otherwise X is passed as one. `to_json` maps
// what the service returns to a boost::json::value: to_json(x), or
// to_json(x, ctx) with the request's domain::Context when it takes one (for
// what the time of the request shapes, as an attempt's server_time). Errors
// answer in the shared error shape (ErrorResponse), the service's as they
// come.
#pragma once

#include <tuple>
#include <type_traits>
#include <utility>

#include "api/json_body.hpp"
#include "api/router.hpp"

namespace duxing::api {

namespace record_routes_internal {

template <typename M>
struct ServiceOf;
template <typename R, typename S, typename... A>
struct ServiceOf<R (S::*)(A...)> {
  using type = S;
};
template <typename R, typename S, typename... A>
struct ServiceOf<R (S::*)(A...) const> {
  using type = S;
};

template <typename T>
struct IsTuple : std::false_type {};
template <typename... T>
struct IsTuple<std::tuple<T...>> : std::true_type {};

// (service.*kMethod)(ctx, lead..., fields) with a tuple's elements spread.
template <auto kMethod, typename Fields, typename... Lead>
auto CallService(Call& c, Fields&& fields, Lead... lead) {
  auto& service = c.s.Get<typename ServiceOf<decltype(kMethod)>::type>();
  if constexpr (IsTuple<std::decay_t<Fields>>::value) {
    return std::apply(
        [&](auto&&... f) {
          return (service.*kMethod)(c.ctx, lead..., std::forward<decltype(f)>(f)...);
        },
        std::forward<Fields>(fields));
  } else {
    return (service.*kMethod)(c.ctx, lead..., std::forward<Fields>(fields));
  }
}

// to_json(x, c.ctx) when `to_json` takes the context, to_json(x) otherwise.
template <typename ToJson, typename T>
auto ToJsonOf(const ToJson& to_json, const T& x, const Call& c) {
  if constexpr (std::is_invocable_v<const ToJson&, const T&, const domain::Context&>) {
    return to_json(x, c.ctx);
  } else {
    return to_json(x);
  }
}

// Parses the body, reads it with `read`, refuses unread fields.
template <typename Read>
auto ReadBody(const Call& c, Read& read) -> decltype(read(std::declval<JsonBody&>())) {
  DX_ASSIGN_OR_RETURN(JsonBody body, JsonBody::Parse(c.req.body));
  DX_ASSIGN_OR_RETURN(auto fields, read(body));
  DX_RETURN_IF_ERROR(body.Finish());
  return fields;
}

}  // namespace record_routes_internal

// An authorize step (Route::authorize) for writes that only staff who write
// records somewhere make (system_admin, org_admin, branch_secretary:
// Principal::CanWriteSomewhere). Any other caller (a member, a leader) is
// refused 403 with `message` from the request head, before the body is read
// or parsed: a caller without the right learns nothing of the body's rules.
// Which org the caller may write stays the service's to check, once it has
// the record or the body's org.
inline RouteAuthorize WritersOnly(const char* message) {
  return [message](const Call& c) -> Status {
    if (c.principal().CanWriteSomewhere()) return Ok();
    return MakeError(Code::kPermissionDenied, message);
  };
}

// GET …/{id}: (service.*kGet)(ctx, id), answered 200.
template <auto kGet, typename ToJson>
RouteHandler GetRecord(ToJson to_json) {
  return [to_json](Call& c) -> Response {
    DX_TRY(int64_t id, c.PathId());
    DX_TRY(auto got, record_routes_internal::CallService<kGet>(c, id));
    return JsonResponse(200, record_routes_internal::ToJsonOf(to_json, got, c));
  };
}

// POST …/{id}/<action> that takes no body (start an attempt, hand it in):
// (service.*kAct)(ctx, id), answered 200; a body, when sent, is not read.
template <auto kAct, typename ToJson>
RouteHandler ActOnRecord(ToJson to_json) {
  return GetRecord<kAct>(std::move(to_json));
}

// POST a new record: (service.*kCreate)(ctx, fields from `read`), answered
// 201.
template <auto kCreate, typename Read, typename ToJson>
RouteHandler CreateRecord(Read read, ToJson to_json) {
  return [read, to_json](Call& c) mutable -> Response {
    DX_TRY(auto fields, record_routes_internal::ReadBody(c, read));
    DX_TRY(auto created, record_routes_internal::CallService<kCreate>(c, std::move(fields)));
    return JsonResponse(201, record_routes_internal::ToJsonOf(to_json, created, c));
  };
}

// POST a new record under the one of the path's {id} (a campaign's group, a
// group's member): (service.*kCreate)(ctx, id, fields from `read`), answered
// 201.
template <auto kCreate, typename Read, typename ToJson>
RouteHandler CreateChildRecord(Read read, ToJson to_json) {
  return [read, to_json](Call& c) mutable -> Response {
    DX_TRY(int64_t parent, c.PathId());
    DX_TRY(auto fields, record_routes_internal::ReadBody(c, read));
    DX_TRY(auto created,
           record_routes_internal::CallService<kCreate>(c, std::move(fields), parent));
    return JsonResponse(201, record_routes_internal::ToJsonOf(to_json, created, c));
  };
}

// A versioned write to the record of the path's {id} (an edit, a hand-over):
// the body's required "version" is read first, then `read`'s fields. When
// `read` gives a patch (a struct with an int64_t `version`), the version is
// set in it and the call is (service.*kWrite)(ctx, id, patch); when it gives
// a std::tuple, (service.*kWrite)(ctx, id, version, elements...). Answered
// `status` (200 unless said).
template <auto kWrite, typename Read, typename ToJson>
RouteHandler EditRecord(Read read, ToJson to_json, int status = 200) {
  return [read, to_json, status](Call& c) mutable -> Response {
    DX_TRY(int64_t id, c.PathId());
    int64_t version = 0;
    auto read_versioned = [&](JsonBody& body) {
      auto v = body.RequiredInt("version");
      using Fields = decltype(read(body));
      if (!v.ok()) return Fields(v.error());
      version = *v;
      return read(body);
    };
    DX_TRY(auto fields, record_routes_internal::ReadBody(c, read_versioned));
    if constexpr (record_routes_internal::IsTuple<decltype(fields)>::value) {
      DX_TRY(auto written,
             record_routes_internal::CallService<kWrite>(c, std::move(fields), id, version));
      return JsonResponse(status, record_routes_internal::ToJsonOf(to_json, written, c));
    } else {
      fields.version = version;
      DX_TRY(auto written, record_routes_internal::CallService<kWrite>(c, std::move(fields), id));
      return JsonResponse(status, record_routes_internal::ToJsonOf(to_json, written, c));
    }
  };
}

// POST …/{id}/archive with {"version": N} and nothing else:
// (service.*kArchive)(ctx, id, version), answered 200. Also any other
// versioned step that takes nothing but the version (publishing results).
template <auto kArchive, typename ToJson>
RouteHandler ArchiveRecord(ToJson to_json) {
  return [to_json](Call& c) -> Response {
    DX_TRY(int64_t id, c.PathId());
    DX_TRY(int64_t version, VersionOnlyBody(c.req.body));
    DX_TRY(auto archived, record_routes_internal::CallService<kArchive>(c, version, id));
    return JsonResponse(200, record_routes_internal::ToJsonOf(to_json, archived, c));
  };
}

// A whole list as {"items": [to_json(x)...], "total": its size}.
template <typename List, typename ToJson>
Response ListOf(const List& list, ToJson to_json) {
  boost::json::array items;
  for (const auto& x : list) items.push_back(to_json(x));
  return ListResponse(std::move(items), static_cast<int64_t>(list.size()));
}

// One page of a list (domain/list_query.hpp) as {"items", "total",
// "next_cursor"}.
template <typename Page, typename ToJson>
Response PageOf(const Page& page, ToJson to_json) {
  boost::json::array items;
  for (const auto& x : page.items) items.push_back(to_json(x));
  return ListResponse(std::move(items), page.total, page.next_cursor);
}

}  // namespace duxing::api
