// QR codes of sign-in links (libqrencode), drawn as SVG.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::domain::events {

// An SVG image (image/svg+xml) of `text` as a QR code, error correction
// level M, with a 4-module quiet zone; kInvalidArgument when `text` is empty
// or too long for a QR code (over 2,000 bytes here).
Result<std::string> QrSvg(std::string_view text);

}  // namespace duxing::domain::events
