#include "analyzer/matching/signature_catalog.h"

#include <gtest/gtest.h>

#include <fstream>

#include "tests/support/test_support.h"

namespace crashsift::matching {
namespace {

TEST(SignatureCatalogTest, ListAndShowTheShippedLibrary) {
  auto lib = SignatureLibrary::Load(crashsift::testing::SignaturesPath());
  ASSERT_TRUE(lib.has_value()) << lib.error().OneLine();
  auto list = List(*lib);
  ASSERT_GE(list.size(), 2u);
  bool found = false;
  for (const auto& row : list)
    found = found || (row.id == "openzfs-loop-txg-sync-hang" && row.subsystem == "openzfs");
  EXPECT_TRUE(found);
  auto text = Show(*lib, "openzfs-loop-txg-sync-hang");
  ASSERT_TRUE(text.has_value());
  EXPECT_NE(text->find("require (root): loop I/O stuck: the loop worker in ZFS or a mount/sync on "
                       "the loop device"),
            std::string::npos)
      << *text;
  EXPECT_NE(text->find("kernel '>=6.12.25 <6.13-rc1', '>=6.14.4 <6.15-rc1', '>=6.15-rc3'"),
            std::string::npos)
      << *text;
  EXPECT_FALSE(Show(*lib, "no-such-signature").has_value());
}

TEST(SignatureCatalogTest, LintTheShippedLibraryWithItsCorpus) {
  LintResult r = Lint(crashsift::testing::SignaturesPath(), crashsift::testing::CorpusPath(""));
  for (const auto& e : r.errors) ADD_FAILURE() << e.OneLine();
  EXPECT_TRUE(r.ok());
  EXPECT_GE(r.files, 2u);
}

TEST(SignatureCatalogTest, LintReportsEveryBrokenFile) {
  auto dir = crashsift::testing::TempDir();
  std::filesystem::create_directories(dir / "x");
  std::ofstream(dir / "x" / "one.toml")
      << "id = \"one\"\ntitle = \"t\"\nsummary = \"s\"\n[[require]]\nline = '('\n";
  std::ofstream(dir / "x" / "two.toml")
      << "id = \"two\"\ntitle = \"t\"\nsummary = \"s\"\nbogus = 1\n";
  std::ofstream(dir / "x" / "three.toml")
      << "id = \"three\"\ntitle = \"t\"\nsummary = \"s\"\n[[require]]\nkind = \"oops\"\n";
  LintResult r = Lint(dir);
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].OneLine(),
            (dir / "x" / "one.toml").string() + ":5: require[0].line: bad regex: missing ): (");
  EXPECT_EQ(r.errors[1].OneLine(), (dir / "x" / "two.toml").string() + ":4: bogus: unknown field");
  EXPECT_EQ(r.files, 3u);
  // three.toml loads but has no tests, actions or references.
  ASSERT_EQ(r.warnings.size(), 3u);
  EXPECT_EQ(r.warnings[0].message, "no [tests] match samples");
}

}  // namespace
}  // namespace crashsift::matching
