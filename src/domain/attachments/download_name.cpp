#include "domain/attachments/download_name.hpp"

#include <vector>

namespace duxing::domain::attachments {

std::string DownloadName(std::string_view file_name, std::string_view media_type) {
  struct Extensions {
    std::string_view type;
    std::vector<std::string_view> allowed;  // the first is the type's own
  };
  static const std::vector<Extensions> kExtensions = {
      {"image/jpeg", {".jpg", ".jpeg"}},
      {"image/png", {".png"}},
      {"image/gif", {".gif"}},
      {"image/webp", {".webp"}},
      {"application/pdf", {".pdf"}},
      {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", {".docx"}},
      {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", {".xlsx"}},
      {"application/vnd.openxmlformats-officedocument.presentationml.presentation", {".pptx"}},
      {"application/msword", {".doc"}},
      {"application/vnd.ms-excel", {".xls"}},
      {"application/vnd.ms-powerpoint", {".ppt"}},
      {"text/plain; charset=utf-8", {".txt", ".csv"}},
  };
  const Extensions* known = nullptr;
  for (const auto& e : kExtensions) {
    if (e.type == media_type) known = &e;
  }
  if (!known) return std::string(file_name);
  size_t dot = file_name.rfind('.');
  std::string_view stem = file_name, ext;
  if (dot != std::string_view::npos && dot > 0) {
    stem = file_name.substr(0, dot);
    ext = file_name.substr(dot);
  }
  std::string lower(ext);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  for (std::string_view a : known->allowed) {
    if (lower == a) return std::string(file_name);
  }
  return std::string(stem) + std::string(known->allowed.front());
}

}  // namespace duxing::domain::attachments
