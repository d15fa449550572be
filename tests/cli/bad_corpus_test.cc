// corpus/bad/: one broken input per class (issue 12), each with the line and
// exit status tests/expected/bad.tsv expects, run through the real binary
// from inside corpus/bad/ (so messages name the files as given).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

namespace fs = std::filesystem;

struct BadCase {
  std::string input, args, line, check;
  int exit_code = 0;
};

std::vector<BadCase> LoadCases() {
  std::vector<BadCase> cases;
  std::ifstream in(fs::path(CRASHSIFT_SOURCE_DIR) / "tests/expected/bad.tsv");
  std::string row;
  while (std::getline(in, row)) {
    if (row.empty() || row[0] == '#') continue;
    std::vector<std::string> cols;
    std::istringstream fields(row);
    for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
    if (cols.size() < 4) continue;
    BadCase c{cols[0], cols[1], cols[3], cols.size() > 4 ? cols[4] : "", std::stoi(cols[2])};
    cases.push_back(c);
  }
  return cases;
}

bool HasLine(const std::string& text, const std::string& want) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (want.ends_with('*') ? line.starts_with(want.substr(0, want.size() - 1)) : line == want)
      return true;
  }
  return false;
}

void PrintTo(const BadCase& c, std::ostream* os) { *os << c.input; }

class BadCorpusTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCorpusTest, GivesItsLineAndExitStatus) {
  const BadCase& c = GetParam();
  std::string args = c.args;
  args.replace(args.find("{}"), 2, "'" + c.input + "'");
  auto r = testing::RunShell("cd " + testing::Quote(testing::CorpusPath("bad")) + " && " +
                             testing::CrashsiftBinary() + " " + args + " </dev/null");
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  if (c.line != "-") {
    EXPECT_TRUE(HasLine(r.err + r.out, c.line)) << r.err << r.out.substr(0, 2000);
  }
  if (c.check == "json") {
    EXPECT_TRUE(nlohmann::json::accept(r.out)) << r.out.substr(0, 2000);
  }
}

INSTANTIATE_TEST_SUITE_P(Classes, BadCorpusTest, ::testing::ValuesIn(LoadCases()),
                         [](const auto& info) { return testing::TestName(info.param.input); });

TEST(BadCorpusTest, EveryFileHasAnExpectation) {
  std::set<std::string> expected;
  for (const BadCase& c : LoadCases()) expected.insert(c.input);
  ASSERT_FALSE(expected.empty());
  for (const auto& entry : fs::directory_iterator(testing::CorpusPath("bad"))) {
    const std::string name = entry.path().filename().string();
    if (name == "README.md") continue;
    EXPECT_TRUE(expected.count(name)) << name << " has no row in tests/expected/bad.tsv";
  }
}

}  // namespace
}  // namespace crashsift
