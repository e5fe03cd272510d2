// Strict reading of a JSON request body: wrong types, missing required
// fields, over-long strings and unknown fields are all kInvalidArgument with
// the field named. Call Finish() after reading every field you accept.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace duxing::api {

class JsonBody {
 public:
  // Fails on malformed JSON, a body that is not a JSON object, or a key that
  // one object repeats ({"a":1,"a":2}: kInvalidArgument on that key).
  static Result<JsonBody> Parse(std::string_view body);

  // Leading and trailing white space is trimmed from every string field but
  // passwords. A non-empty `label` (the field's name on the form, "用户名")
  // names the field in the messages instead of its API name, for forms whose
  // own length checks a person can get past.
  Result<std::string> RequiredString(std::string_view name, size_t max_chars,
                                     std::string_view label = {});
  // As RequiredString, but exactly as sent (never trimmed): passwords.
  Result<std::string> RequiredPassword(std::string_view name, size_t max_chars,
                                       std::string_view label = {});
  // Absent → nullopt; null is refused.
  Result<std::optional<std::string>> OptionalString(std::string_view name,
                                                    size_t max_chars);
  // Absent → nullopt; null → optional holding nullopt (clear the field).
  Result<std::optional<std::optional<std::string>>> NullableString(
      std::string_view name, size_t max_chars);
  Result<int64_t> RequiredInt(std::string_view name);
  Result<std::optional<int64_t>> OptionalInt(std::string_view name);
  Result<std::optional<std::optional<int64_t>>> NullableInt(std::string_view name);
  Result<std::optional<bool>> OptionalBool(std::string_view name);
  // Arrays of at most `max_items` integers / strings (each string trimmed,
  // at most `max_chars` characters). Absent → nullopt; null, another type or
  // more items is kInvalidArgument on the field.
  Result<std::optional<std::vector<int64_t>>> OptionalIntArray(std::string_view name,
                                                               size_t max_items);
  Result<std::optional<std::vector<std::string>>> OptionalStringArray(std::string_view name,
                                                                      size_t max_items,
                                                                      size_t max_chars);
  // The raw value of a field with structure of its own (arrays, objects), or
  // null when absent. The caller validates it.
  const boost::json::value* Raw(std::string_view name) { return Find(name); }

  // A string field holding one value of a vocabulary: `parse` maps the text to
  // the value (nullopt for an unknown one, which is kInvalidArgument with
  // `invalid_message`). Absent → nullopt.
  template <typename Parse>
  auto OptionalEnum(std::string_view name, Parse parse, const char* invalid_message)
      -> Result<decltype(parse(std::string_view()))> {
    using Out = decltype(parse(std::string_view()));
    DX_ASSIGN_OR_RETURN(auto text, OptionalString(name, 64));
    if (!text) return Out();
    Out value = parse(*text);
    if (!value) return MakeError(Code::kInvalidArgument, invalid_message, std::string(name));
    return value;
  }
  // As OptionalEnum, but absent is kInvalidArgument.
  template <typename Parse>
  auto RequiredEnum(std::string_view name, Parse parse, const char* invalid_message)
      -> Result<typename decltype(parse(std::string_view()))::value_type> {
    DX_ASSIGN_OR_RETURN(std::string text, RequiredString(name, 64));
    auto value = parse(text);
    if (!value) return MakeError(Code::kInvalidArgument, invalid_message, std::string(name));
    return *value;
  }

  // kInvalidArgument naming the first field that no reader asked for.
  Status Finish() const;

 private:
  explicit JsonBody(boost::json::object o) : obj_(std::move(o)) {}
  const boost::json::value* Find(std::string_view name);
  boost::json::object obj_;
  std::set<std::string, std::less<>> seen_;
};

// Reads a body that carries only {"version": N} (archive and similar actions).
Result<int64_t> VersionOnlyBody(std::string_view body);

}  // namespace duxing::api
