#include "domain/events/qr_code.hpp"

#include <qrencode.h>

#include <memory>

namespace duxing::domain::events {

Result<std::string> QrSvg(std::string_view text) {
  if (text.empty() || text.size() > 2000) {
    return MakeError(Code::kInvalidArgument, "二维码内容为空或过长");
  }
  std::string data(text);
  std::unique_ptr<QRcode, void (*)(QRcode*)> qr(
      QRcode_encodeString(data.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1), QRcode_free);
  if (!qr) return InternalError("QRcode_encodeString failed");
  const int n = qr->width, quiet = 4, size = n + 2 * quiet;
  std::string out = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " +
                    std::to_string(size) + " " + std::to_string(size) +
                    "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" "
                    "fill=\"#fff\"/><path fill=\"#000\" d=\"";
  for (int y = 0; y < n; ++y) {
    for (int x = 0; x < n; ++x) {
      if (qr->data[y * n + x] & 1) {
        out += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
      }
    }
  }
  out += "\"/></svg>";
  return out;
}

}  // namespace duxing::domain::events
