// The columns a record's INSERT and its versioned UPDATE both write, declared
// once: each column's name beside the field whose value it takes, so the two
// statements' column lists and their parameters come from one table and
// cannot drift apart (no "$13" to keep in step by hand in two places). The
// reading side is RecordColumns (record_columns.hpp), whose Written() gives
// this table from the read one where the record's row is read from its own
// table (ledger items). A module builds the table once (a function-local
// static):
//
//   const WrittenColumns<Event>& EventFields() {
//     static const auto columns = WrittenColumns<Event>()
//                                     .Text("title", &Event::title)
//                                     .OptInt("campaign_id", &Event::campaign_id);
//     return columns;
//   }
//   // INSERT INTO events (title, campaign_id, org_id, created_at) VALUES ($1, $2, $3, $4)
//   EventFields().Insert("events", {"org_id", "created_at"})
//   // UPDATE events SET title = $1, campaign_id = $2, updated_at = $3,
//   //   version = version + 1 WHERE id = $4 AND version = $5
//   EventFields().VersionedUpdate("events", {"updated_at"})
//   storage::Params p = EventFields().Params(e);  // $1..$size(), then the caller's
//
// Immutable once built; thread-safe to read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/coded.hpp"
#include "storage/database.hpp"

namespace duxing::domain {

template <typename T>
class WrittenColumns {
 public:
  // The value column `name` takes from a record.
  using Get = std::function<storage::Param(const T&)>;

  WrittenColumns& Add(std::string_view name, Get get) {
    names_.emplace_back(name);
    gets_.push_back(std::move(get));
    return *this;
  }
  WrittenColumns& Int(std::string_view name, int64_t T::*field) {
    return Add(name, [field](const T& r) { return storage::Param(r.*field); });
  }
  WrittenColumns& OptInt(std::string_view name, std::optional<int64_t> T::*field) {
    return Add(name, [field](const T& r) { return storage::Opt(r.*field); });
  }
  WrittenColumns& Text(std::string_view name, std::string T::*field) {
    return Add(name, [field](const T& r) { return storage::Param(r.*field); });
  }

  WrittenColumns& Bool(std::string_view name, bool T::*field) {
    return Add(name, [field](const T& r) { return storage::Param(int64_t{r.*field}); });
  }
  // A coded value (coded.hpp), written as its code; `codes` must outlive
  // the table (the modules' tables are globals).
  template <typename E>
  WrittenColumns& Code(std::string_view name, E T::*field, const CodedEnum<E>& codes) {
    return Add(name, [field, &codes](const T& r) {
      return storage::Param(std::string(codes.Name(r.*field)));
    });
  }

  // "INSERT INTO <table> (<columns>, <extra>) VALUES ($1, ..., $n)": the
  // table's columns take $1..$size(), the `extra` ones the numbers after.
  std::string Insert(std::string_view table, const std::vector<std::string_view>& extra) const {
    std::string columns;
    std::string values;
    size_t n = 0;
    auto one = [&](std::string_view name) {
      const char* comma = n ? ", " : "";
      ++n;
      columns += comma + std::string(name);
      values += comma + ("$" + std::to_string(n));
    };
    for (const auto& name : names_) one(name);
    for (std::string_view name : extra) one(name);
    return "INSERT INTO " + std::string(table) + " (" + columns + ") VALUES (" + values + ")";
  }
  // "UPDATE <table> SET <c1> = $1, ..., <cn> = $n" (n: size()).
  std::string UpdateSet(std::string_view table) const {
    std::string out = "UPDATE " + std::string(table) + " SET ";
    for (size_t i = 0; i < names_.size(); ++i) {
      out += (i ? ", " : "") + names_[i] + " = $" + std::to_string(i + 1);
    }
    return out;
  }
  // The versioned write of one row: "UPDATE <table> SET <c1> = $1, ...,
  // <cn> = $n, <extra1> = $n+1, ..., version = version + 1 WHERE id = $m
  // AND version = $m+1" (m: n + extra's size + 1). Its parameters:
  // Params(record), the extra values, the id, the version read.
  std::string VersionedUpdate(std::string_view table,
                              const std::vector<std::string_view>& extra) const {
    std::string out = UpdateSet(table);
    size_t n = names_.size();
    for (std::string_view name : extra) {
      out += ", " + std::string(name) + " = $" + std::to_string(++n);
    }
    return out + ", version = version + 1 WHERE id = $" + std::to_string(n + 1) +
           " AND version = $" + std::to_string(n + 2);
  }
  // The values of `record`, in the table's order ($1..$size()).
  storage::Params Params(const T& record) const {
    storage::Params out;
    out.reserve(gets_.size());
    for (const auto& get : gets_) out.push_back(get(record));
    return out;
  }
  size_t size() const { return names_.size(); }

 private:
  std::vector<std::string> names_;
  std::vector<Get> gets_;
};

}  // namespace duxing::domain
