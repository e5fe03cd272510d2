#include "domain/attachments/image.hpp"

#include <vips/vips.h>

#include <memory>
#include <mutex>

namespace duxing::domain::attachments {
namespace {

struct Unref {
  void operator()(VipsImage* i) const { g_object_unref(i); }
};
using ImagePtr = std::unique_ptr<VipsImage, Unref>;

std::string VipsErrorText() {
  std::string e = vips_error_buffer();
  vips_error_clear();
  return e;
}

// kFailedPrecondition when `image` (its header read, no pixel decoded yet)
// has more than kMaxImagePixels.
Status CheckPixels(VipsImage* image) {
  int64_t width = vips_image_get_width(image), height = vips_image_get_height(image);
  if (width * height <= kMaxImagePixels) return Ok();
  Error e = MakeError(Code::kFailedPrecondition,
                      "图片尺寸过大（" + std::to_string(width) + "×" + std::to_string(height) +
                          " 像素，最多 " + std::to_string(kMaxImagePixels / 10'000) + " 万像素）",
                      "file");
  e.internal = "image of " + std::to_string(width * height) + " pixels";
  return e;
}

}  // namespace

void InitImages() {
  static std::once_flag once;
  std::call_once(once, [] {
    VIPS_INIT("duxing");
    vips_cache_set_max(0);  // nothing kept between requests
    // Only the loaders libvips counts as fuzzed and safe for hostile input
    // (no ImageMagick, no matio ...): bytes of a supported type that fool
    // the type sniffing never reach another parser.
    vips_block_untrusted_set(TRUE);
  });
}

Status CheckImageSize(const std::string& path) {
  InitImages();
  ImagePtr image(vips_image_new_from_file(path.c_str(), "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
  if (!image) {
    vips_error_clear();
    return Ok();
  }
  return CheckPixels(image.get());
}

Status StripImageMetadata(const std::string& in, const std::string& out,
                          std::string_view media_type) {
  InitImages();
  ImagePtr image(vips_image_new_from_file(in.c_str(), "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
  if (!image) {
    return MakeError(Code::kFailedPrecondition, "图片无法读取", "file");
  }
  DX_RETURN_IF_ERROR(CheckPixels(image.get()));
  int orientation = 1;
  if (vips_image_get_typeof(image.get(), VIPS_META_ORIENTATION) &&
      vips_image_get_int(image.get(), VIPS_META_ORIENTATION, &orientation) != 0) {
    orientation = 1;
  }
  if (orientation > 1) {
    // Turning needs the whole image: load it again with random access.
    image.reset(vips_image_new_from_file(in.c_str(), nullptr));
    VipsImage* turned = nullptr;
    if (!image || vips_autorot(image.get(), &turned, nullptr) != 0) {
      return MakeError(Code::kFailedPrecondition, "图片无法读取", "file");
    }
    image.reset(turned);
  }
  int failed = 0;
  if (media_type == "image/jpeg") {
    failed = vips_jpegsave(image.get(), out.c_str(), "strip", TRUE, "Q", 92, nullptr);
  } else if (media_type == "image/png") {
    failed = vips_pngsave(image.get(), out.c_str(), "strip", TRUE, nullptr);
  } else if (media_type == "image/webp") {
    failed = vips_webpsave(image.get(), out.c_str(), "strip", TRUE, nullptr);
  } else {
    return InternalError("StripImageMetadata: unexpected type " + std::string(media_type));
  }
  if (failed != 0) {
    Error e = MakeError(Code::kFailedPrecondition, "图片无法读取", "file");
    e.internal = VipsErrorText();
    return e;
  }
  return Ok();
}

Result<std::string> MakeThumbnail(std::string_view bytes, int size) {
  InitImages();
  {
    ImagePtr header(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", nullptr));
    if (!header) {
      Error e = MakeError(Code::kFailedPrecondition, "无法生成缩略图");
      e.internal = VipsErrorText();
      return e;
    }
    DX_RETURN_IF_ERROR(CheckPixels(header.get()));
  }
  VipsImage* thumb = nullptr;
  if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &thumb, size,
                            "height", size, "size", VIPS_SIZE_DOWN, nullptr) != 0) {
    Error e = MakeError(Code::kFailedPrecondition, "无法生成缩略图");
    e.internal = VipsErrorText();
    return e;
  }
  ImagePtr owned(thumb);
  void* buf = nullptr;
  size_t len = 0;
  if (vips_jpegsave_buffer(owned.get(), &buf, &len, "strip", TRUE, "Q", 80, nullptr) != 0) {
    Error e = MakeError(Code::kFailedPrecondition, "无法生成缩略图");
    e.internal = VipsErrorText();
    return e;
  }
  std::string out(static_cast<const char*>(buf), len);
  g_free(buf);
  return out;
}

}  // namespace duxing::domain::attachments
