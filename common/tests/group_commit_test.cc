// How a group commit's held writes become statements (common/db.h, internal::MergeInserts):
// plain INSERTs of the same table and columns share one statement; every member keeps its order.
#include <string>
#include <vector>

#include "common/db.h"
#include "gtest/gtest.h"

namespace xianfu {
namespace {

using internal::HeldWrite;
using internal::MergeInserts;
using internal::ShapeOfInsert;

// A held write as Tx::Defer records it: the inlined text and its shape (here the text has no
// placeholders, so it is its own template).
HeldWrite Held(const std::string& sql) { return {sql, ShapeOfInsert(sql)}; }

TEST(GroupCommitTest, OnlyAnInsertOfRowsCanShareAStatement) {
  EXPECT_EQ(ShapeOfInsert("INSERT INTO t (a, b) VALUES (?, ?)").rows_at,
            std::string("INSERT INTO t (a, b) VALUES ").size());
  EXPECT_NE(ShapeOfInsert("INSERT IGNORE INTO t (a) VALUES (?), (?)").rows_at, std::string::npos);
  const std::string upsert = "INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)";
  EXPECT_EQ(ShapeOfInsert(upsert).tail_size, std::string(" ON DUPLICATE KEY UPDATE a = VALUES(a)").size());
  EXPECT_EQ(ShapeOfInsert("INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = ?").rows_at, std::string::npos);
  EXPECT_EQ(ShapeOfInsert("INSERT INTO t (a) SELECT a FROM u WHERE b = ?").rows_at, std::string::npos);
  EXPECT_EQ(ShapeOfInsert("UPDATE t SET a = ? WHERE b = ?").rows_at, std::string::npos);
  EXPECT_EQ(ShapeOfInsert("DELETE FROM t WHERE a IN (?, ?)").rows_at, std::string::npos);
}

TEST(GroupCommitTest, UpsertsWithTheSameClauseShareAStatementTheirRowsBeforeIt) {
  const std::vector<std::string> merged =
      MergeInserts({{Held("INSERT INTO timers (k, s) VALUES ('r', 't1') ON DUPLICATE KEY UPDATE s = VALUES(s)")},
                    {Held("INSERT INTO timers (k, s) VALUES ('r', 't2'), ('o', 't2') ON DUPLICATE KEY UPDATE "
                          "s = VALUES(s)")},
                    {Held("INSERT INTO timers (k, s) VALUES ('r', 't3') ON DUPLICATE KEY UPDATE k = VALUES(k)")}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0],
            "INSERT INTO timers (k, s) VALUES ('r', 't1'), ('r', 't2'), ('o', 't2') ON DUPLICATE KEY UPDATE s = "
            "VALUES(s)");
  EXPECT_EQ(merged[1], "INSERT INTO timers (k, s) VALUES ('r', 't3') ON DUPLICATE KEY UPDATE k = VALUES(k)");
}

TEST(GroupCommitTest, InsertsOfTheSameTableAndColumnsBecomeOneStatement) {
  const std::vector<std::string> merged =
      MergeInserts({{Held("INSERT INTO docs (id) VALUES (1)"), Held("INSERT INTO audit (c, s) VALUES ('d1', 1)")},
                    {Held("INSERT INTO docs (id) VALUES (2)"), Held("INSERT INTO audit (c, s) VALUES ('d2', 1)")},
                    {Held("INSERT INTO docs (id, x) VALUES (3, 0)")}});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_EQ(merged[0], "INSERT INTO docs (id) VALUES (1), (2)");
  EXPECT_EQ(merged[1], "INSERT INTO audit (c, s) VALUES ('d1', 1), ('d2', 1)");
  EXPECT_EQ(merged[2], "INSERT INTO docs (id, x) VALUES (3, 0)");  // other columns: its own
}

TEST(GroupCommitTest, EachMemberKeepsTheOrderOfItsOwnWrites) {
  // The second member updates the row it inserts: its INSERT may join the first member's, which
  // comes before its UPDATE, but its later INSERT cannot join one that comes before that UPDATE.
  const std::vector<std::string> merged =
      MergeInserts({{Held("INSERT INTO t (id) VALUES (1)"), Held("INSERT INTO u (id) VALUES (1)")},
                    {Held("INSERT INTO t (id) VALUES (2)"), Held("UPDATE t SET v = 1 WHERE id = 2"),
                     Held("INSERT INTO u (id) VALUES (2)")}});
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[0], "INSERT INTO t (id) VALUES (1), (2)");
  EXPECT_EQ(merged[1], "INSERT INTO u (id) VALUES (1)");
  EXPECT_EQ(merged[2], "UPDATE t SET v = 1 WHERE id = 2");
  EXPECT_EQ(merged[3], "INSERT INTO u (id) VALUES (2)");
}

TEST(GroupCommitTest, AMembersTwoInsertsIntoOneTableStayTwoStatementsInItsOrder) {
  const std::vector<std::string> merged =
      MergeInserts({{Held("INSERT INTO audit (s) VALUES (1)"), Held("INSERT INTO audit (s) VALUES (2)")},
                    {Held("INSERT INTO audit (s) VALUES (7)"), Held("INSERT INTO audit (s) VALUES (8)")}});
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0], "INSERT INTO audit (s) VALUES (1), (7)");
  EXPECT_EQ(merged[1], "INSERT INTO audit (s) VALUES (2), (8)");
}

}  // namespace
}  // namespace xianfu
