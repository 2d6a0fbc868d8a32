// How a group commit's held writes become statements (common/db.h, internal::MergeInserts):
// plain INSERTs of the same table and columns share one statement; every member keeps its order.
#include <string>
#include <vector>

#include "common/db.h"
#include "gtest/gtest.h"

namespace xianfu {
namespace {

using internal::HeldWrite;
using internal::InsertRowsAt;
using internal::MergeInserts;

// A held write as Tx::Defer records it: the inlined text, and where its rows begin.
HeldWrite Held(const std::string& sql) { return {sql, InsertRowsAt(sql)}; }

TEST(GroupCommitTest, OnlyAPlainInsertOfRowsCanShareAStatement) {
  EXPECT_EQ(InsertRowsAt("INSERT INTO t (a, b) VALUES (?, ?)"), std::string("INSERT INTO t (a, b) VALUES ").size());
  EXPECT_NE(InsertRowsAt("INSERT IGNORE INTO t (a) VALUES (?), (?)"), std::string::npos);
  EXPECT_EQ(InsertRowsAt("INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = VALUES(a)"), std::string::npos);
  EXPECT_EQ(InsertRowsAt("INSERT INTO t (a) SELECT a FROM u WHERE b = ?"), std::string::npos);
  EXPECT_EQ(InsertRowsAt("UPDATE t SET a = ? WHERE b = ?"), std::string::npos);
  EXPECT_EQ(InsertRowsAt("DELETE FROM t WHERE a IN (?, ?)"), std::string::npos);
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
