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
  // Arrays of at most `max_items` integers / strings (each string at most
  // `max_chars` characters, trimmed unless `spaces` is kKeep: answers and
  // option texts the domain checks as typed). Absent → nullopt; null,
  // another type or more items is kInvalidArgument on the field; an element
  // of another type (or too long) on that element ("<name>[i]").
  enum class Spaces { kTrim, kKeep };
  Result<std::optional<std::vector<int64_t>>> OptionalIntArray(std::string_view name,
                                                               size_t max_items);
  Result<std::optional<std::vector<std::string>>> OptionalStringArray(
      std::string_view name, size_t max_items, size_t max_chars, Spaces spaces = Spaces::kTrim);
  // As OptionalIntArray, each a record's id (at least 1): "<name>[i] 应为编号".
  Result<std::optional<std::vector<int64_t>>> OptionalIdArray(std::string_view name,
                                                              size_t max_items);
  // An array of at most `max_items` values of any shape, each read by
  // `read(value, field)` (field: "<name>[i]"), which returns Result<T>; the
  // first error is the answer. Absent → nullopt; null, another type or more
  // items is kInvalidArgument on the field ("字段 <name> 应为<expected>").
  template <typename T, typename Read>
  Result<std::optional<std::vector<T>>> OptionalArray(std::string_view name, size_t max_items,
                                                      const char* expected, Read read) {
    using Out = std::optional<std::vector<T>>;
    DX_ASSIGN_OR_RETURN(const boost::json::array* items, ArrayField(name, max_items, expected));
    if (!items) return Out();
    std::vector<T> out;
    out.reserve(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      DX_ASSIGN_OR_RETURN(T one, read((*items)[i], Path(name) + "[" + std::to_string(i) + "]"));
      out.push_back(std::move(one));
    }
    return Out(std::move(out));
  }
  // As OptionalArray, for an array of objects: each is read by
  // `read(JsonBody&)` as a strict body of its own (a field `read` did not ask
  // for is refused, as Finish does), and an error inside names its field
  // "<name>[i].<field>" ("<name>[i]" for an item that is not an object), in
  // the error's field and in a message that names a field (one with a label
  // names the label). A `read` that makes errors of its own names the field
  // with item.Path(key); a bare key is still put under "<name>[i]" in the
  // error's field.
  template <typename T, typename Read>
  Result<std::optional<std::vector<T>>> OptionalObjectArray(std::string_view name, size_t max_items,
                                                            const char* expected, Read read) {
    return OptionalArray<T>(name, max_items, expected,
                            [&](const boost::json::value& v, const std::string& at) -> Result<T> {
                              DX_ASSIGN_OR_RETURN(JsonBody item, Item(v, at, expected));
                              Result<T> one = read(item);
                              if (!one.ok()) return Within(at, std::move(one).error());
                              if (Status rest = item.Finish(); !rest.ok())
                                return Within(at, std::move(rest).error());
                              return one;
                            });
  }
  // How errors name field `name` of this body: `name` in a request body,
  // "<array>[i].<name>" in an element of an array of objects.
  std::string Path(std::string_view name) const;
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
    if (!value) return MakeError(Code::kInvalidArgument, invalid_message, Path(name));
    return value;
  }
  // As OptionalEnum, but absent is kInvalidArgument.
  template <typename Parse>
  auto RequiredEnum(std::string_view name, Parse parse, const char* invalid_message)
      -> Result<typename decltype(parse(std::string_view()))::value_type> {
    DX_ASSIGN_OR_RETURN(std::string text, RequiredString(name, 64));
    auto value = parse(text);
    if (!value) return MakeError(Code::kInvalidArgument, invalid_message, Path(name));
    return *value;
  }

  // kInvalidArgument naming the first field that no reader asked for.
  Status Finish() const;

 private:
  explicit JsonBody(boost::json::object o, std::string at = {})
      : obj_(std::move(o)), at_(std::move(at)) {}
  const boost::json::value* Find(std::string_view name);
  // Field `name` as an array of at most `max_items` (nullptr when absent).
  Result<const boost::json::array*> ArrayField(std::string_view name, size_t max_items,
                                               const char* expected);
  // Item `v` (at field `at`) of an array of objects as a body of its own.
  static Result<JsonBody> Item(const boost::json::value& v, const std::string& at,
                               const char* expected);
  // `e` from inside item `at`: a field not named under `at` (a bare key
  // from a `read` of the caller's) becomes "<at>.<field>" ("<at>").
  static Error Within(const std::string& at, Error e);
  boost::json::object obj_;
  std::string at_;  // "" for a request body, "<array>[i]" for an element
  std::set<std::string, std::less<>> seen_;
};

// Reads a body that carries only {"version": N} (archive and similar actions).
Result<int64_t> VersionOnlyBody(std::string_view body);

}  // namespace duxing::api
