// libFuzzer target for api::MultipartReader: any body, fed whole and in
// chunks of a size the input picks, must give the same parts and the same
// verdict (the reader keeps no state that depends on the chunking), without
// crashing or reading out of bounds.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "api/multipart.hpp"

namespace {

using duxing::Ok;
using duxing::Status;

class Collect : public duxing::api::PartHandler {
 public:
  Status BeginPart(const duxing::api::PartHeaders& h) override {
    log += "B" + h.name + "|" + h.file_name + "|";
    return Ok();
  }
  Status PartData(std::string_view b) override {
    log.append(b);
    return Ok();
  }
  Status EndPart() override {
    log += "E";
    return Ok();
  }
  std::string log;
};

std::string Run(std::string_view body, size_t step) {
  Collect c;
  duxing::api::MultipartReader r("xyz--b", c, 16);
  bool ok = true;
  for (size_t i = 0; i < body.size() && ok; i += step) ok = r.Feed(body.substr(i, step)).ok();
  if (ok) ok = r.Finish().ok();
  return (ok ? "ok:" : "err:") + c.log;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  size_t step = 1 + data[0] % 17;
  std::string_view body(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string whole = Run(body, body.size() + 1);
  std::string chunked = Run(body, step);
  // An error may be found at different points, so only the successful runs
  // must agree byte for byte.
  if (whole.rfind("ok:", 0) == 0 || chunked.rfind("ok:", 0) == 0) {
    if (whole != chunked) std::abort();
  }
  return 0;
}
