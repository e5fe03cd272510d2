#include "api/assessments/assessment_json.hpp"

#include <cmath>

#include "common/clock.hpp"

namespace duxing::api::assessments_json {
Error Bad(std::string message, std::string field) {
  return MakeError(Code::kInvalidArgument, std::move(message), std::move(field));
}

boost::json::value Points(int64_t hundredths) {
  if (hundredths % 100 == 0) return boost::json::value(hundredths / 100);
  return boost::json::value(static_cast<double>(hundredths) / 100.0);
}

boost::json::value OptPoints(const std::optional<int64_t>& hundredths) {
  return hundredths ? Points(*hundredths) : boost::json::value(nullptr);
}

Result<int64_t> ReadPoints(const boost::json::value& v, const std::string& field) {
  double x = 0;
  if (v.is_int64()) {
    x = static_cast<double>(v.get_int64());
  } else if (v.is_uint64()) {
    x = static_cast<double>(v.get_uint64());
  } else if (v.is_double()) {
    x = v.get_double();
  } else {
    return Bad(field + " 应为数字", field);
  }
  if (!std::isfinite(x) || x < 0 || x > 100000) return Bad("分值须在 0 至 100000 之间", field);
  // x must be the number of its nearest hundredths, to a few units in the
  // last place (what parsing the decimal text may be off by): an absolute
  // tolerance let 1e-300 through as 0 and 2.550000001 as 2.55.
  double rounded = std::round(x * 100.0);
  double exact = rounded / 100.0;
  double ulp = std::nextafter(std::fabs(x), HUGE_VAL) - std::fabs(x);
  if (std::fabs(x - exact) > 4 * ulp) return Bad("分值最多保留两位小数", field);
  return static_cast<int64_t>(rounded);
}

Result<int64_t> RequiredPoints(JsonBody& body, std::string_view name, std::string_view label) {
  const boost::json::value* v = body.Raw(name);
  if (!v || v->is_null()) {
    return Bad((label.empty() ? body.Path(name) + " " : std::string(label)) + "不能为空",
               body.Path(name));
  }
  return ReadPoints(*v, body.Path(name));
}

Result<std::optional<int64_t>> OptionalPoints(JsonBody& body, std::string_view name) {
  const boost::json::value* v = body.Raw(name);
  if (!v) return std::optional<int64_t>();
  DX_ASSIGN_OR_RETURN(int64_t p, ReadPoints(*v, body.Path(name)));
  return std::optional<int64_t>(p);
}

boost::json::array Texts(const std::vector<std::string>& list) {
  boost::json::array out;
  for (const auto& s : list) out.push_back(boost::json::string(s));
  return out;
}

boost::json::array Ids(const std::vector<int64_t>& list) {
  boost::json::array out;
  for (int64_t id : list) out.push_back(id);
  return out;
}

Result<std::optional<std::string>> OptionalTime(JsonBody& body, std::string_view name) {
  DX_ASSIGN_OR_RETURN(auto text, body.OptionalString(name, 40));
  if (text && !ParseTime(*text)) {
    return Bad("时间格式应为 2026-11-29T08:00:00Z", std::string(name));
  }
  return text;
}

}  // namespace duxing::api::assessments_json
