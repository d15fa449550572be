// DebuginfoIndex: what paths announce, the distribution layouts, and the
// order candidates are tried in.
#include "analyzer/symbols/debuginfo_index.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "tests/support/test_support.h"

namespace crashsift::symbols {
namespace {

namespace fs = std::filesystem;

DebugFileEntry Classify(const std::string& path) {
  DebugFileEntry e;
  EXPECT_TRUE(ClassifyDebugPath(path, e)) << path;
  return e;
}

TEST(ClassifyDebugPath, DistributionLayouts) {
  auto debian = Classify("/usr/lib/debug/boot/vmlinux-6.1.0-56-amd64");
  EXPECT_EQ(debian.name, "vmlinux");
  EXPECT_EQ(debian.release, "6.1.0-56-amd64");
  auto rhel = Classify("/usr/lib/debug/lib/modules/5.14.0-427.el9.x86_64/vmlinux");
  EXPECT_EQ(rhel.name, "vmlinux");
  EXPECT_EQ(rhel.release, "5.14.0-427.el9.x86_64");
  auto module =
      Classify("/usr/lib/debug/lib/modules/6.1.0-56-amd64/kernel/sound/drivers/snd-aloop.ko");
  EXPECT_EQ(module.name, "snd_aloop");
  EXPECT_EQ(module.release, "6.1.0-56-amd64");
  auto fedora =
      Classify("/usr/lib/debug/lib/modules/6.8.5-301.fc40.x86_64/kernel/fs/xfs/xfs.ko.debug");
  EXPECT_EQ(fedora.name, "xfs");
  EXPECT_EQ(fedora.release, "6.8.5-301.fc40.x86_64");
  auto compressed = Classify("debug/zfs.ko.xz");
  EXPECT_EQ(compressed.name, "zfs");
  EXPECT_EQ(compressed.release, "");
  auto by_id = Classify("/usr/lib/debug/.build-id/5b/81e7110d237f7d98de51ca3ef6d26ddd9a4824.debug");
  EXPECT_EQ(by_id.build_id, "5b81e7110d237f7d98de51ca3ef6d26ddd9a4824");
  EXPECT_EQ(by_id.name, "");
  DebugFileEntry other;
  EXPECT_FALSE(ClassifyDebugPath("/usr/lib/debug/usr/bin/ls.debug", other));
  EXPECT_FALSE(
      ClassifyDebugPath("/usr/lib/debug/lib/modules/6.1.0-56-amd64/vdso/vdso64.so", other));
}

TEST(DebuginfoIndex, FindsTheCorpusModuleWithItsRelease) {
  auto index = DebuginfoIndex::Build({testing::CorpusPath("debuginfo/debian-6.1.0-56-amd64")});
  ASSERT_TRUE(index) << index.error().OneLine();
  auto found = index->Candidates("loop", "", "6.1.0-56-amd64");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0]->release, "6.1.0-56-amd64");
  EXPECT_TRUE(index->Candidates("zfs", "", "6.1.0-56-amd64").empty());
}

TEST(DebuginfoIndex, MissingPathIsAnError) {
  auto index = DebuginfoIndex::Build({"/nonexistent/debuginfo"});
  ASSERT_FALSE(index);
  EXPECT_EQ(index.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(index.error().OneLine(), "/nonexistent/debuginfo: no such debuginfo file or directory");
}

TEST(DebuginfoIndex, BuildIdLinksFirstThenReleaseThenUnknownRelease) {
  fs::path root = testing::TempDir();
  auto touch = [&](const fs::path& p) {
    fs::create_directories(p.parent_path());
    std::ofstream(p) << "x";
  };
  fs::path wanted = root / "lib/modules/6.1.0-56-amd64/kernel/fs/zfs/zfs.ko";
  fs::path other = root / "lib/modules/6.1.0-55-amd64/kernel/fs/zfs/zfs.ko";
  fs::path loose = root / "extra/zfs.ko.debug";
  touch(wanted);
  touch(other);
  touch(loose);
  fs::create_directories(root / ".build-id/ab");
  fs::create_symlink(other, root / ".build-id/ab/cdef.debug");

  auto index = DebuginfoIndex::Build({root.string()});
  ASSERT_TRUE(index) << index.error().OneLine();
  auto by_release = index->Candidates("zfs", "", "6.1.0-56-amd64");
  ASSERT_EQ(by_release.size(), 3u);  // the link and its target are one file
  EXPECT_EQ(by_release[0]->path, wanted.string());
  EXPECT_EQ(by_release[1]->path, loose.string());
  EXPECT_EQ(by_release[2]->real_path, fs::canonical(other).string());

  auto by_id = index->Candidates("zfs", "ABCDEF", "6.1.0-56-amd64");
  ASSERT_FALSE(by_id.empty());
  EXPECT_EQ(by_id[0]->build_id, "abcdef");
  EXPECT_EQ(by_id[0]->name, "zfs");  // learnt from the link's target
  EXPECT_EQ(by_id[0]->release, "6.1.0-55-amd64");
}

}  // namespace
}  // namespace crashsift::symbols
