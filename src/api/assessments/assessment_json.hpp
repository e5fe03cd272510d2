// JSON of the assessments module shared by its route files: points (numbers
// with at most two decimals in the API, hundredths in the domain), arrays of
// strings and ids as answers, and the strict readers of structured fields.
// Request arrays are read by JsonBody's array readers (api/json_body.hpp).
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "api/json_body.hpp"
#include "common/result.hpp"

namespace duxing::api::assessments_json {

// kInvalidArgument with `message` on `field`.
Error Bad(std::string message, std::string field);

// Hundredths as an API number (250 → 2.5).
boost::json::value Points(int64_t hundredths);
boost::json::value OptPoints(const std::optional<int64_t>& hundredths);
// A number 0..100000 with at most two decimals as hundredths;
// kInvalidArgument on `field` otherwise.
Result<int64_t> ReadPoints(const boost::json::value& v, const std::string& field);
Result<std::optional<int64_t>> OptionalPoints(JsonBody& body, std::string_view name);
// As OptionalPoints, absent or null being kInvalidArgument "<label>不能为空"
// ("<name> 不能为空" without a label).
Result<int64_t> RequiredPoints(JsonBody& body, std::string_view name, std::string_view label = {});

boost::json::array Texts(const std::vector<std::string>& list);
boost::json::array Ids(const std::vector<int64_t>& list);
// A time written as FormatTime writes it ("2026-11-29T08:00:00Z").
Result<std::optional<std::string>> OptionalTime(JsonBody& body, std::string_view name);

// The readers of a record's create and edit routes (api/record_routes.hpp)
// made from the one `kRead` that reads its editable fields:
// ReadInOrg reads "org_id" first and sets it in the record (a new question,
// a new exam); ReadWhole gives the record as the one argument after the id
// and the version (EditRecord's tuple form: Update(ctx, id, version, record)).
template <typename T, Result<T> (*kRead)(JsonBody&)>
Result<T> ReadInOrg(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(int64_t org_id, body.RequiredInt("org_id"));
  DX_ASSIGN_OR_RETURN(T record, kRead(body));
  record.org_id = org_id;
  return record;
}
template <typename T, Result<T> (*kRead)(JsonBody&)>
Result<std::tuple<T>> ReadWhole(JsonBody& body) {
  DX_ASSIGN_OR_RETURN(T record, kRead(body));
  return std::tuple<T>(std::move(record));
}

}  // namespace duxing::api::assessments_json
