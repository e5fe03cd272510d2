// WriteVersioned and FinishCreate on every engine of TestDatabaseUrls(), on a
// table of notes made for the test, so that the path is tested apart from
// any module's rules.
#include "domain/versioned_update.hpp"
#include "domain/versioned_write.hpp"

#include <gtest/gtest.h>

#include "storage/generation.hpp"
#include "testing/migrated_database.hpp"
#include "testing/result_matchers.hpp"
#include "testing/test_databases.hpp"

namespace duxing::domain {
namespace {

using test::Describe;
using test::ExpectError;

struct Note {
  int64_t id = 0;
  std::string text;
  int64_t version = 1;
};

constexpr std::string_view kNotes =
    "CREATE TABLE notes (id BIGINT PRIMARY KEY, text TEXT NOT NULL, "
    "version BIGINT NOT NULL DEFAULT 1)";
constexpr std::string_view kUpdateNote =
    "UPDATE notes SET text = $1, version = version + 1 WHERE id = $2 AND version = $3";

Result<Note> LoadNote(storage::Tx& tx, int64_t id) {
  DX_ASSIGN_OR_RETURN(storage::Rows rows,
                      tx.Query("SELECT id, text, version FROM notes WHERE id = $1", {id}));
  if (rows.empty()) return MakeError(Code::kNotFound, "便签不存在");
  return Note{rows[0].Int(0), rows[0].Text(1), rows[0].Int(2)};
}

class VersionedWriteTest : public test::MigratedDatabaseTest {
 protected:
  void SetUp() override {
    test::MigratedDatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(tx->ExecScript(kNotes));
    ASSERT_OK(tx->Exec("INSERT INTO notes (id, text) VALUES (1, '初稿')", {}));
    ASSERT_OK(tx->Commit());
    admin_.account_id = 1;
    admin_.display_name = "系统管理员";
    admin_.grants.push_back({auth::Role::kSystemAdmin, 0, "/", "系统"});
    ctx_.principal = &admin_;
    ctx_.request_id = "req-versioned";
    record_.record_type = "note";
    record_.load = [this](storage::Tx& tx, int64_t id) {
      ++loads_;
      if (fail_load_at_ == loads_) return Result<Note>(InternalError("load failed"));
      return LoadNote(tx, id);
    };
    record_.version = [](const Note& n) { return n.version; };
    record_.snapshot = [](const Note& n) { return audit::Snapshot{{"text", n.text}}; };
    record_.org_path = [](const Note&) { return std::optional<std::string>("/1/"); };
  }

  // An update of note 1 to `text` on `version`, counting its steps.
  VersionedWrite<Note> Rewrite(const std::string& text, int64_t version) {
    VersionedWrite<Note> w;
    w.action = "update";
    w.id = 1;
    w.version = version;
    w.change = [this, text](storage::Tx&, const Note&, Note& after) {
      ++changes_;
      after.text = text;
      return Ok();
    };
    w.write = [this, version](storage::Tx& tx, const Note&, const Note& after) {
      ++writes_;
      return tx.Exec(kUpdateNote, {after.text, after.id, version});
    };
    return w;
  }

  Note Stored() {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto note = LoadNote(**tx, 1);
    EXPECT_TRUE(note.ok()) << Describe(note.error());
    return note.ok() ? *note : Note{};
  }

  int64_t Count(const std::string& sql) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto row = (*tx)->QueryOne(sql, {});
    EXPECT_TRUE(row.ok()) << Describe(row.error());
    return row.ok() ? row->Int(0) : -1;
  }
  int64_t NoteAudits() { return Count("SELECT COUNT(*) FROM audit_log WHERE record_type = 'note'"); }

  int64_t Generation(const std::string& name) {
    auto tx = db().Begin(storage::TxMode::kRead);
    EXPECT_TRUE(tx.ok());
    auto g = storage::ReadGeneration(**tx, {name});
    EXPECT_TRUE(g.ok()) << Describe(g.error());
    return g.ok() ? *g : -1;
  }

  void ExpectUntouched() {
    Note n = Stored();
    EXPECT_EQ(n.text, "初稿");
    EXPECT_EQ(n.version, 1);
    EXPECT_EQ(NoteAudits(), 0);
    EXPECT_EQ(Generation("note"), 1);  // never bumped
  }

  auth::Principal admin_;
  Context ctx_;
  VersionedRecord<Note> record_;
  int loads_ = 0;
  int fail_load_at_ = 0;  // the load that fails (1: the first), 0: none
  int changes_ = 0;
  int writes_ = 0;
};

TEST_P(VersionedWriteTest, AStaleVersionIsTheConflictAndNothingIsWritten) {
  auto written = WriteVersioned(db(), ctx_, record_, Rewrite("改稿", 2));
  ExpectError(written, Code::kConflict, "version");
  EXPECT_EQ(written.error().message, "数据已被他人修改，请刷新后重试");
  EXPECT_EQ(changes_, 0);  // compared before the change is made
  EXPECT_EQ(writes_, 0);
  ExpectUntouched();
}

TEST_P(VersionedWriteTest, AVersionTakenBeforeTheUpdateIsTheConflictAndRollsBack) {
  VersionedWrite<Note> w = Rewrite("改稿", 1);
  // Another writer's update lands between the compare and this one's:
  // its own update then matches no row.
  w.write = [](storage::Tx& tx, const Note&, const Note&) -> Result<int64_t> {
    DX_RETURN_IF_ERROR(tx.Exec(kUpdateNote, {std::string("别人的改稿"), int64_t{1}, int64_t{1}}));
    return tx.Exec(kUpdateNote, {std::string("改稿"), int64_t{1}, int64_t{1}});
  };
  auto written = WriteVersioned(db(), ctx_, record_, w);
  ExpectError(written, Code::kConflict, "version");
  EXPECT_EQ(written.error().message, "数据已被他人修改，请刷新后重试");
  ExpectUntouched();  // the conflict rolled back what the write step wrote
}

TEST_P(VersionedWriteTest, AFailingCheckWritesNothing) {
  VersionedWrite<Note> w = Rewrite("改稿", 1);
  w.change = [](storage::Tx&, const Note&, Note& after) -> Status {
    after.text = "";
    return MakeError(Code::kInvalidArgument, "内容不能为空", "text");
  };
  ExpectError(WriteVersioned(db(), ctx_, record_, w), Code::kInvalidArgument, "text");
  EXPECT_EQ(writes_, 0);
  ExpectUntouched();
}

TEST_P(VersionedWriteTest, ARefusedCallerIsToldSoBeforeTheVersionIsCompared) {
  VersionedWrite<Note> w = Rewrite("改稿", 7);  // stale too
  w.authorize = [](storage::Tx&, const Note&) -> Status {
    return MakeError(Code::kNotFound, "便签不存在");
  };
  ExpectError(WriteVersioned(db(), ctx_, record_, w), Code::kNotFound);
  EXPECT_EQ(changes_, 0);
  ExpectUntouched();
}

TEST_P(VersionedWriteTest, ASuccessWritesOneAuditEntryWithBeforeAndAfter) {
  int64_t people = Generation("person");
  ASSERT_OK_AND_ASSIGN(Note n, WriteVersioned(db(), ctx_, record_, Rewrite("改稿", 1)));
  EXPECT_EQ(n.text, "改稿");  // read back after the write
  EXPECT_EQ(n.version, 2);
  EXPECT_EQ(Stored().version, 2);
  ASSERT_EQ(NoteAudits(), 1);
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kRead));
  ASSERT_OK_AND_ASSIGN(
      storage::Row entry,
      tx->QueryOne("SELECT action, record_id, org_path, before_json, after_json, request_id "
                   "FROM audit_log WHERE record_type = 'note'",
                   {}));
  EXPECT_EQ(entry.Text(0), "update");
  EXPECT_EQ(entry.Int(1), 1);
  EXPECT_EQ(entry.Text(2), "/1/");
  EXPECT_EQ(entry.Text(3), "{\"text\":\"初稿\"}");
  EXPECT_EQ(entry.Text(4), "{\"text\":\"改稿\"}");
  EXPECT_EQ(entry.Text(5), "req-versioned");
  EXPECT_EQ(Generation("note"), 2);       // its own counter moved...
  EXPECT_EQ(Generation("person"), people);  // ...and no other
}

TEST_P(VersionedWriteTest, TheWriteAndItsAuditEntryCommitTogetherOrNotAtAll) {
  fail_load_at_ = 2;  // reading the record back after the write fails
  auto written = WriteVersioned(db(), ctx_, record_, Rewrite("改稿", 1));
  ExpectError(written, Code::kInternal);
  EXPECT_EQ(writes_, 1);  // the update ran, in the transaction that rolled back
  ExpectUntouched();
}

TEST_P(VersionedWriteTest, TheAuditEntryCanBeAmended) {
  VersionedWrite<Note> w = Rewrite("改稿", 1);
  w.amend_audit = [](audit::Change& entry) {
    entry.action = "rewrite";
    entry.after->emplace_back("words", "2");
    entry.changed = {"note", "notebook"};
  };
  ASSERT_OK(WriteVersioned(db(), ctx_, record_, w));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'rewrite' AND "
                  "after_json = '{\"text\":\"改稿\",\"words\":\"2\"}'"),
            1);
  EXPECT_EQ(Generation("note"), 2);
  EXPECT_EQ(Generation("notebook"), 2);
}

TEST_P(VersionedWriteTest, FinishCreateAuditsTheNewRecordAndCommits) {
  {
    ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
    ASSERT_OK(tx->Exec("INSERT INTO notes (id, text) VALUES (2, '新便签')", {}));
    ASSERT_OK_AND_ASSIGN(Note n, FinishCreate(*tx, ctx_, record_, 2));
    EXPECT_EQ(n.text, "新便签");
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM notes"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'create' AND record_id = 2 "
                  "AND before_json IS NULL AND after_json = '{\"text\":\"新便签\"}'"),
            1);
  EXPECT_EQ(Generation("note"), 2);
}

TEST_P(VersionedWriteTest, VersionedUpdateIsTheConflictWhenTheVersionMovedOn) {
  ASSERT_OK_AND_ASSIGN(auto tx, db().Begin(storage::TxMode::kWrite));
  ExpectError(VersionedUpdate(tx->Exec(kUpdateNote, {std::string("旧稿"), int64_t{1}, int64_t{7}})),
              Code::kConflict, "version");
  ASSERT_OK(VersionedUpdate(tx->Exec(kUpdateNote, {std::string("二稿"), int64_t{1}, int64_t{1}})));
  ExpectError(VersionedUpdate(tx->Exec("UPDATE no_such_table SET x = 1", {})), Code::kInternal);
}

INSTANTIATE_TEST_SUITE_P(Engines, VersionedWriteTest,
                         ::testing::ValuesIn(test::TestDatabaseUrls()), test::UrlParamName());

}  // namespace
}  // namespace duxing::domain
