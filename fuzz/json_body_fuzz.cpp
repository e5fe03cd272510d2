// libFuzzer target: JsonBody (the strict request-body reader) on any bytes.
// Strings it accepts are valid UTF-8 without NUL, within their length.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "api/json_body.hpp"
#include "common/text.hpp"

namespace {

void CheckText(const std::string& s, size_t max_chars) {
  if (!duxing::IsValidUtf8(s) || s.find('\0') != std::string::npos ||
      duxing::Utf8Length(s) > max_chars) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = duxing::api::JsonBody::Parse(text);
  if (!body.ok()) return 0;
  if (auto name = body->RequiredString("name", 50); name.ok()) {
    CheckText(*name, 50);
  }
  if (auto note = body->NullableString("note", 200);
      note.ok() && *note && **note) {
    CheckText(***note, 200);
  }
  if (auto kind = body->OptionalString("kind", 8); kind.ok() && *kind) {
    CheckText(**kind, 8);
  }
  (void)body->RequiredInt("version");
  (void)body->NullableInt("org_id");
  (void)body->OptionalBool("active");
  (void)body->Raw("items");
  (void)body->Finish();
  (void)duxing::api::VersionOnlyBody(text);
  return 0;
}
