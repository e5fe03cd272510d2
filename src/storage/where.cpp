#include "storage/where.hpp"

namespace duxing::storage {

void Where::And(std::string_view condition, Params values) {
  if (!clause_.empty()) clause_ += " AND ";
  clause_ += '(';
  size_t next = 0;
  for (char c : condition) {
    if (c == '?' && next < values.size()) {
      clause_ += Bind(std::move(values[next++]));
    } else {
      clause_ += c;
    }
  }
  clause_ += ')';
}

std::string Where::Bind(Param value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

std::string Where::Sql() const {
  return clause_.empty() ? std::string() : " WHERE " + clause_;
}

Condition InSubtrees(std::string_view column, const std::vector<std::string>& paths) {
  if (paths.empty()) return {"1 = 0", {}};
  Condition c;
  for (const auto& path : paths) {
    if (!c.sql.empty()) c.sql += " OR ";
    c.sql += std::string(column) + " LIKE ?";
    c.values.push_back(path + "%");
  }
  return c;
}

std::string ContainsPattern(std::string_view s) {
  std::string out = "%";
  for (char c : s) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace duxing::storage
