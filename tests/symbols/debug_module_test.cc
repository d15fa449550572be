// DebugModule on a real debuginfo file: Debian's 6.1.0-56-amd64 loop.ko from
// linux-image-6.1.0-56-amd64-dbg (xz-compressed in corpus/debuginfo), checked
// against eu-addr2line -i's answers for 1000 addresses stored in
// tests/expected/debuginfo (made by bench/compare_addr2line.py --emit).
#include "analyzer/symbols/debug_module.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

std::string LoopKo() {
  return testing::CorpusPath(
             "debuginfo/debian-6.1.0-56-amd64/usr/lib/debug/lib/modules/6.1.0-56-amd64/kernel/"
             "drivers/block/loop.ko.xz")
      .string();
}

std::unique_ptr<DebugModule> OpenLoop() {
  auto module = DebugModule::Open(LoopKo());
  EXPECT_TRUE(module) << module.error().OneLine();
  return module ? std::move(*module) : nullptr;
}

TEST(DebugModule, KnowsWhatTheFileIs) {
  auto loop = OpenLoop();
  ASSERT_TRUE(loop);
  EXPECT_FALSE(loop->is_vmlinux());
  EXPECT_EQ(loop->name(), "loop");
  EXPECT_EQ(loop->release(), "6.1.0-56-amd64");  // vermagic
  EXPECT_EQ(loop->build_id(), "5b81e7110d237f7d98de51ca3ef6d26ddd9a4824");
  EXPECT_TRUE(loop->has_dwarf());
}

TEST(DebugModule, InlineChainInnermostFirst) {
  auto loop = OpenLoop();
  ASSERT_TRUE(loop);
  // eu-addr2line -f -i: do_req_filebacked inlined at loop.c:1929:8 in
  // loop_handle_cmd, inlined at loop.c:1964:3 in loop_process_work.
  auto chain = loop->Lookup("loop_process_work", 0xbc, 0xab0);
  ASSERT_TRUE(chain) << chain.error().OneLine();
  ASSERT_EQ(chain->size(), 3u);
  EXPECT_EQ((*chain)[0].function, "do_req_filebacked");
  EXPECT_EQ((*chain)[0].file, "drivers/block/loop.c");
  EXPECT_EQ((*chain)[0].line, 493u);
  EXPECT_EQ((*chain)[0].column, 11u);
  EXPECT_TRUE((*chain)[0].inlined);
  EXPECT_EQ((*chain)[1].function, "loop_handle_cmd");
  EXPECT_EQ((*chain)[1].line, 1929u);
  EXPECT_TRUE((*chain)[1].inlined);
  EXPECT_EQ((*chain)[2].function, "loop_process_work");
  EXPECT_EQ((*chain)[2].line, 1964u);
  EXPECT_FALSE((*chain)[2].inlined);
}

TEST(DebugModule, OffsetPastTheSymbolOrUnknownSymbolIsNotFound) {
  auto loop = OpenLoop();
  ASSERT_TRUE(loop);
  // 6.12's lo_rw_aio.isra.0+0x31e/0x360 does not fit 6.1.s 0x2d0 bytes.
  auto past = loop->Lookup("lo_rw_aio.isra.0", 0x31e, 0x360);
  ASSERT_FALSE(past);
  EXPECT_EQ(past.error().code, ErrorCode::kNotFound);
  EXPECT_NE(past.error().reason.find("lies outside the symbol (size 0x2d0)"), std::string::npos);
  EXPECT_FALSE(loop->Lookup("zfs_write", 0x10, std::nullopt));
}

TEST(DebugModule, NotAnElfFileIsRefused) {
  auto module = DebugModule::Open(
      testing::CorpusPath("debuginfo/logs/assembled-loop-hung-6.1.0-56.log").string());
  ASSERT_FALSE(module);
  EXPECT_EQ(module.error().code, ErrorCode::kBadMagic);
}

// eu-addr2line prefixes relative DWARF paths with the CU's comp_dir; we keep
// the path DWARF records, so a level agrees when equal or a "/"-suffix.
bool SameLevel(const std::string& eu, const std::string& ours) {
  return eu == ours || (eu.size() > ours.size() && eu.ends_with("/" + ours));
}

TEST(DebugModule, AgreesWithEuAddr2lineOnAThousandAddresses) {
  auto loop = OpenLoop();
  ASSERT_TRUE(loop);
  std::ifstream in(
      testing::CorpusPath("../tests/expected/debuginfo/loop-6.1.0-56-amd64.eu-addr2line.tsv"));
  ASSERT_TRUE(in);
  std::string row;
  size_t total = 0;
  size_t agree = 0;
  std::vector<std::string> differ;
  while (std::getline(in, row)) {
    size_t tab = row.find('\t');
    ASSERT_NE(tab, std::string::npos);
    std::string query = row.substr(0, tab);
    std::vector<std::string> expected;
    std::stringstream levels(row.substr(tab + 1));
    for (std::string level; std::getline(levels, level, '|');) {
      while (!level.empty() && level.front() == ' ') level.erase(0, 1);
      while (!level.empty() && level.back() == ' ') level.pop_back();
      expected.push_back(level);
    }
    size_t plus = query.find('+');
    auto chain = loop->Lookup(query.substr(0, plus),
                              std::stoull(query.substr(plus + 1), nullptr, 16), std::nullopt);
    ++total;
    bool same = chain && chain->size() == expected.size();
    for (size_t i = 0; same && i < expected.size(); ++i) {
      const auto& at = (*chain)[i];
      std::string ours = at.file + ":" + std::to_string(at.line);
      if (at.column != 0) ours += ":" + std::to_string(at.column);
      same = SameLevel(expected[i], ours);
    }
    if (same) {
      ++agree;
    } else {
      differ.push_back(query);
    }
  }
  EXPECT_EQ(total, 1000u);
  // bench/compare_addr2line.py measured 100% on this file (2961 addresses)
  // and on the 6.1.0-56 vmlinux (5000); a regression shows here by name.
  EXPECT_TRUE(differ.empty()) << ::testing::PrintToString(differ);
  EXPECT_EQ(agree, total);
}

}  // namespace
}  // namespace crashsift::symbols
