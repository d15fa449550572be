// Runs the crashsift binary as a user would: exit codes, one-line errors that
// name the file, reports on real samples, batch mode with a bad file inside.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_crashsift.h"
#include "tests/support/test_support.h"

namespace crashsift {
namespace {

using testing::CountLines;
using testing::Quote;
using testing::RunCrashsift;

TEST(CliTest, HelpAndUsageErrors) {
  auto help = RunCrashsift("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("crashsift analyze"), std::string::npos);
  auto none = RunCrashsift("");
  EXPECT_EQ(none.exit_code, 2);
  auto bad_verb = RunCrashsift("frobnicate x");
  EXPECT_EQ(bad_verb.exit_code, 2);
  EXPECT_NE(bad_verb.err.find("unknown command 'frobnicate'"), std::string::npos);
  auto bad_format = RunCrashsift("analyze --format xml x");
  EXPECT_EQ(bad_format.exit_code, 2);
  EXPECT_NE(bad_format.err.find("unknown format 'xml'"), std::string::npos);
  auto version = RunCrashsift("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out.rfind("crashsift ", 0), 0u);
}

TEST(CliTest, MissingFileIsOneLineNamingTheFile) {
  auto r = RunCrashsift("analyze /nonexistent/kern.log");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "crashsift: /nonexistent/kern.log: no such file\n");
}

TEST(CliTest, DirectoryEmptyAndGarbageAreClearErrors) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "empty.log").close();
  {
    std::ofstream garbage(dir / "garbage.bin", std::ios::binary);
    uint32_t x = 2463534242u;
    for (int i = 0; i < 1 << 16; ++i) {  // xorshift noise: no text, no magic
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      garbage.put(static_cast<char>(x));
    }
  }
  for (const char* name : {"empty.log", "garbage.bin"}) {
    auto r = RunCrashsift("analyze " + Quote(dir / name));
    EXPECT_EQ(r.exit_code, 1) << name;
    EXPECT_EQ(CountLines(r.err), 1u) << r.err;
    EXPECT_NE(r.err.find((dir / name).string() + ": "), std::string::npos) << r.err;
  }
  auto d = RunCrashsift("analyze " + Quote(dir));
  EXPECT_EQ(d.exit_code, 1);
  EXPECT_EQ(d.err, "crashsift: " + dir.string() +
                       ": is a directory (to analyse the files in it: crashsift batch " +
                       dir.string() + ")\n");
}

TEST(CliTest, UnreadableFileIsAnError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root can read a mode-000 file";
  auto path = testing::TempDir() / "secret.log";
  std::ofstream(path) << "[    0.000000] Linux version 6.1.0\n";
  ::chmod(path.c_str(), 0);
  auto r = RunCrashsift("analyze " + Quote(path));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Permission denied"), std::string::npos);
}

// Root reads a mode-000 file, so CI (root) drops to nobody for this one.
TEST(CliTest, UnreadableFileIsAnErrorForAnUnprivilegedUser) {
  if (::geteuid() != 0) GTEST_SKIP() << "covered by UnreadableFileIsAnError";
  const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
  if (std::system((as_nobody + "test -x " + std::string(CRASHSIFT_BINARY)).c_str()) != 0) {
    GTEST_SKIP() << "no setpriv, or nobody cannot run the binary from this build directory";
  }
  auto dir = std::filesystem::path("/tmp") / ("crashsift-unreadable-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  ::chmod(dir.c_str(), 0755);
  auto path = dir / "secret.log";
  std::ofstream(path) << "[    0.000000] Linux version 6.1.0\n";
  ::chmod(path.c_str(), 0);
  auto r = RunCrashsift("analyze " + Quote(path), "/dev/null", as_nobody);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "crashsift: " + path.string() + ": Permission denied\n");
}

// /proc's files report size 0 until read: they are streamed, not "empty".
TEST(CliTest, ProcFileOfSizeZeroIsRead) {
  struct utsname uts {};
  ASSERT_EQ(::uname(&uts), 0);
  auto r = RunCrashsift("analyze --format json /proc/version");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["system"]["kernel"], uts.release);
  EXPECT_TRUE(j["errors"].empty());
}

// /dev/kmsg blocks at its end when read as a plain device: crashsift reads it
// as dmesg(1) does (non-blocking) and stops once the ring is drained.
TEST(CliTest, DevKmsgIsReadToTheEndOfTheRing) {
  int fd = ::open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
  if (fd < 0) GTEST_SKIP() << "/dev/kmsg cannot be read here";
  ::close(fd);
  auto r = RunCrashsift("analyze --format json /dev/kmsg");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["format"], "kmsg");
  EXPECT_TRUE(j["errors"].empty());
}

TEST(CliTest, HugeSingleLineIsCutNotFatal) {
  auto path = testing::TempDir() / "huge.log";
  {
    std::ofstream out(path, std::ios::binary);
    out << "[    1.000000] ";
    std::string block(1 << 20, 'A');
    for (int i = 0; i < 100; ++i) out << block;  // one 100 MB line
    out << "\n[    2.000000] Kernel panic - not syncing: sysrq triggered crash\n";
  }
  auto r = RunCrashsift("analyze --format json " + Quote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_FALSE(j["events"].empty());
  EXPECT_EQ(j["events"][0]["kind"], "panic");
  std::filesystem::remove(path);
}

TEST(CliTest, AnalyzesRealConsoleLogAsJson) {
  auto sample = testing::CorpusPath("logs/events/lab-oops.console.log");
  if (!std::filesystem::exists(sample)) GTEST_SKIP() << "sample not in corpus yet";
  auto r = RunCrashsift("analyze --format json " + Quote(sample));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["system"]["kernel"], "6.1.0-56-amd64");
  bool found = false;
  for (const auto& e : j["events"]) {
    if (e["kind"] == "oops") {
      found = true;
      EXPECT_EQ(e["task"]["comm"], "init");
      EXPECT_EQ(e["frames"][0]["function"], "lab_write");
      EXPECT_EQ(e["frames"][0]["module"], "labcrash");
    }
  }
  EXPECT_TRUE(found);
}

// Events that are no crash still have a title (and crash: false); the
// input's JSON Lines title stays null when it holds no crash.
TEST(CliTest, ErrorEventsAreTitledButAreNoCrash) {
  auto sample = testing::CorpusPath("logs/events/github-openzfs-12799-zio-errors.log");
  auto r = RunCrashsift("analyze --format json " + Quote(sample));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["events"].size(), 2u);
  EXPECT_EQ(j["events"][0]["kind"], "io_error");
  EXPECT_EQ(j["events"][0]["title"], "I/O error on sdp");
  EXPECT_EQ(j["events"][0]["crash"], false);
  EXPECT_EQ(j["events"][1]["title"], "zio error on pool dpool");
  EXPECT_EQ(j["events"][1]["crash"], false);
  auto line = nlohmann::json::parse(RunCrashsift("analyze --format jsonl " + Quote(sample)).out);
  EXPECT_TRUE(line["title"].is_null()) << line["title"];

  auto oops = RunCrashsift("analyze --format json " +
                           Quote(testing::CorpusPath("logs/events/lab-oops.console.log")));
  auto first = nlohmann::json::parse(oops.out)["events"][0];
  EXPECT_EQ(first["title"], "BUG: unable to handle kernel NULL pointer dereference in lab_do_work");
  EXPECT_EQ(first["crash"], true);
}

TEST(CliTest, StdinIsAnInput) {
  auto path = testing::TempDir() / "panic.log";
  std::ofstream(path) << "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n"
                         "[   18.092866] CPU: 1 PID: 1 Comm: init Not tainted 6.1.0-56-amd64 #1  "
                         "Debian 6.1.192-2\n";
  auto r = RunCrashsift("analyze --format jsonl -", path.string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["file"], "-");
  EXPECT_EQ(j["events"][0]["kind"], "panic");
  EXPECT_EQ(j["events"][0]["task"]["pid"], 1);
}

TEST(CliTest, BatchGoesOnPastABadFile) {
  auto dir = testing::TempDir();
  std::ofstream(dir / "a.log")
      << "[   18.092709] Kernel panic - not syncing: sysrq triggered crash\n";
  std::ofstream(dir / "b.log").close();  // empty: an error
  std::ofstream(dir / "c.log") << "[    5.000000] nothing to see here\n";
  auto summary = dir / "summary.json";
  auto r = RunCrashsift("batch -j 2 --summary " + Quote(summary) + " " + Quote(dir / "a.log") +
                        " " + Quote(dir / "b.log") + " " + Quote(dir / "c.log"));
  EXPECT_EQ(r.exit_code, 1);
  ASSERT_EQ(CountLines(r.out), 3u) << r.out;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, line)) records.push_back(nlohmann::json::parse(line));
  EXPECT_EQ(records[0]["file"], (dir / "a.log").string());
  EXPECT_EQ(records[0]["title"], "kernel panic: sysrq triggered crash");
  EXPECT_FALSE(records[1]["errors"].empty());
  EXPECT_TRUE(records[2]["title"].is_null());
  auto s = nlohmann::json::parse(testing::ReadFile(summary));
  EXPECT_EQ(s["inputs"], 3);
  EXPECT_EQ(s["failed"], 1);
}

}  // namespace
}  // namespace crashsift
