// A record's columns declared once: each column's SQL beside the field of
// the record it fills, so that a SELECT list and the reading of its rows
// come from one table and cannot drift apart (no column numbers to keep in
// step by hand). A module builds the table of a record type once (a
// function-local static) and uses it for its loads, lists and exports:
//
//   const RecordColumns<Event>& EventColumns() {
//     static const auto columns = RecordColumns<Event>()
//                                     .Int("e.id", &Event::id)
//                                     .Text("e.title", &Event::title)
//                                     .Code("e.status", &Event::status, kEventStatusCodes,
//                                           EventStatus::kDraft);
//     return columns;
//   }
//   ... "SELECT " + EventColumns().Sql() + " FROM events e ..." ...
//   Event e = EventColumns().Read(row);
//
// Reading never fails: a NULL reads as the type's empty value (0, "",
// false) or nullopt, a code the table does not know as the fallback given.
// Immutable once built; thread-safe to read.
//
// The same table gives the columns a record's INSERT and versioned UPDATE
// write (Written): those of the record's own table, by alias, but for the
// ones named as not written (its id, version, times), so that a record's
// column list is declared once for both directions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"
#include "domain/coded.hpp"
#include "domain/written_columns.hpp"
#include "storage/database.hpp"

namespace duxing::domain {

template <typename T>
class RecordColumns {
 public:
  // Reads column `column` of a row into the record.
  using Reader = std::function<void(const storage::Row&, size_t column, T& out)>;
  // The value a written column takes from the record.
  using Get = typename WrittenColumns<T>::Get;

  // A column read by `read` (for what the typed ones below do not cover);
  // with `get`, one that Written may write.
  RecordColumns& Add(std::string_view sql, Reader read, Get get = nullptr) {
    if (!sql_.empty()) sql_ += ", ";
    sql_ += sql;
    columns_.emplace_back(sql);
    readers_.push_back(std::move(read));
    gets_.push_back(std::move(get));
    return *this;
  }
  RecordColumns& Int(std::string_view sql, int64_t T::*field) {
    return Add(
        sql, [field](const storage::Row& r, size_t c, T& out) { out.*field = r.Int(c); },
        [field](const T& r) { return storage::Param(r.*field); });
  }
  RecordColumns& OptInt(std::string_view sql, std::optional<int64_t> T::*field) {
    return Add(
        sql, [field](const storage::Row& r, size_t c, T& out) { out.*field = r.OptInt(c); },
        [field](const T& r) { return storage::Opt(r.*field); });
  }
  RecordColumns& Text(std::string_view sql, std::string T::*field) {
    return Add(
        sql, [field](const storage::Row& r, size_t c, T& out) { out.*field = r.Text(c); },
        [field](const T& r) { return storage::Param(r.*field); });
  }
  RecordColumns& OptText(std::string_view sql, std::optional<std::string> T::*field) {
    return Add(
        sql, [field](const storage::Row& r, size_t c, T& out) { out.*field = r.OptText(c); },
        [field](const T& r) { return storage::Opt(r.*field); });
  }
  RecordColumns& Bool(std::string_view sql, bool T::*field) {
    return Add(
        sql, [field](const storage::Row& r, size_t c, T& out) { out.*field = r.Bool(c); },
        [field](const T& r) { return storage::Param(int64_t{r.*field}); });
  }
  // A coded value (coded.hpp); `otherwise` for a code `codes` does not hold.
  // `codes` must outlive the table (the modules' tables are globals).
  template <typename E>
  RecordColumns& Code(std::string_view sql, E T::*field, const CodedEnum<E>& codes, E otherwise) {
    return Add(
        sql,
        [field, &codes, otherwise](const storage::Row& r, size_t c, T& out) {
          out.*field = codes.Parse(r.Text(c)).value_or(otherwise);
        },
        [field, &codes](const T& r) { return storage::Param(std::string(codes.Name(r.*field))); });
  }
  // A coded value that may be NULL (nullopt, as an unknown code).
  template <typename E>
  RecordColumns& OptCode(std::string_view sql, std::optional<E> T::*field,
                         const CodedEnum<E>& codes) {
    return Add(
        sql,
        [field, &codes](const storage::Row& r, size_t c, T& out) {
          out.*field = r.IsNull(c) ? std::nullopt : codes.Parse(r.Text(c));
        },
        [field, &codes](const T& r) {
          const std::optional<E>& v = r.*field;
          return v ? storage::Param(std::string(codes.Name(*v))) : storage::Param(nullptr);
        });
  }

  // The columns of table alias `alias` ("i" for "i.title") but `unwritten`
  // (their names without the alias: "id", "version", ...), by name, in the
  // order declared: what the record's INSERT and UPDATE write. Throws
  // std::logic_error (a bug, at start-up) for such a column added without a
  // `get`.
  WrittenColumns<T> Written(std::string_view alias,
                            const std::vector<std::string_view>& unwritten) const {
    const std::string prefix = std::string(alias) + ".";
    WrittenColumns<T> out;
    for (size_t i = 0; i < columns_.size(); ++i) {
      const std::string& sql = columns_[i];
      if (sql.rfind(prefix, 0) != 0) continue;
      std::string_view name = std::string_view(sql).substr(prefix.size());
      if (std::find(unwritten.begin(), unwritten.end(), name) != unwritten.end()) continue;
      if (!gets_[i]) throw std::logic_error("column read but not written: " + sql);
      out.Add(name, gets_[i]);
    }
    return out;
  }

  // The SELECT list: "e.id, e.title, ...", in the order declared.
  const std::string& Sql() const { return sql_; }
  // How many columns; a query that selects more after Sql() finds the
  // first of them at this index.
  size_t size() const { return readers_.size(); }

  // Fills `out` from row `r`, whose column `first` is this table's first.
  void ReadInto(const storage::Row& r, T& out, size_t first = 0) const {
    for (size_t i = 0; i < readers_.size(); ++i) readers_[i](r, first + i, out);
  }
  // The record of row `r` (see ReadInto); fields without a column keep
  // their defaults.
  T Read(const storage::Row& r, size_t first = 0) const {
    T out;
    ReadInto(r, out, first);
    return out;
  }
  // The record of the first row `sql` returns (its SELECT list begins with
  // Sql()), or `missing` when it returns none.
  Result<T> ReadOne(storage::Tx& tx, std::string_view sql, const storage::Params& params,
                    const Error& missing) const {
    DX_ASSIGN_OR_RETURN(storage::Rows rows, tx.Query(sql, params));
    if (rows.empty()) return missing;
    return Read(rows.front());
  }

 private:
  std::string sql_;
  std::vector<std::string> columns_;
  std::vector<Reader> readers_;
  std::vector<Get> gets_;
};

}  // namespace duxing::domain
