// Images through libvips (the only place that uses it): metadata stripped
// before a photo is stored, thumbnails for lists.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::domain::attachments {

// The most pixels (width x height) an image may have: a 48-megapixel phone
// photo fits. A few hundred bytes can claim gigapixels (a JPEG whose scan
// ends early, a GIF frame of a few bytes), so every function here reads the
// header first and refuses more before decoding a pixel.
inline constexpr int64_t kMaxImagePixels = 50'000'000;

// Whether the image at `path` has at most kMaxImagePixels, from its header
// alone. kFailedPrecondition on "file" ("图片尺寸过大（W×H 像素…）") when it
// has more; Ok when it has fewer or its header cannot be read (the decoder
// that reads it next refuses that).
Status CheckImageSize(const std::string& path);

// Writes the image at `in` (JPEG, PNG or WebP, `media_type`) to `out` in the
// same format without metadata (EXIF with its GPS position, XMP, IPTC,
// comments), turned upright by its EXIF orientation first so that it still
// shows the right way up. kFailedPrecondition when the file is not a
// readable image or has more than kMaxImagePixels.
Status StripImageMetadata(const std::string& in, const std::string& out,
                          std::string_view media_type);

// A JPEG thumbnail, at most `size` pixels on its longer side, of the image
// in `bytes`, without metadata. kFailedPrecondition when the bytes are not a
// readable image or it has more than kMaxImagePixels.
Result<std::string> MakeThumbnail(std::string_view bytes, int size);

// Starts libvips once per process (thread-safe; later calls do nothing).
void InitImages();

}  // namespace duxing::domain::attachments
