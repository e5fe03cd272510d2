// Images through libvips (the only place that uses it): metadata stripped
// before a photo is stored, thumbnails for lists.
#pragma once

#include <string>
#include <string_view>

#include "common/result.hpp"

namespace duxing::domain::attachments {

// Writes the image at `in` (JPEG, PNG or WebP, `media_type`) to `out` in the
// same format without metadata (EXIF with its GPS position, XMP, IPTC,
// comments), turned upright by its EXIF orientation first so that it still
// shows the right way up. kFailedPrecondition when the file is not a
// readable image.
Status StripImageMetadata(const std::string& in, const std::string& out,
                          std::string_view media_type);

// A JPEG thumbnail, at most `size` pixels on its longer side, of the image
// in `bytes`, without metadata.
Result<std::string> MakeThumbnail(std::string_view bytes, int size);

// Starts libvips once per process (thread-safe; later calls do nothing).
void InitImages();

}  // namespace duxing::domain::attachments
