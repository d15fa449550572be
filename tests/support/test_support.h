// Helpers shared by the tests: where the corpus is, reading a sample, and
// ../shared for the optional tests that use it.
#pragma once

#include <filesystem>
#include <string>

namespace crashsift::testing {

// Absolute path of a file under corpus/ ("logs/formats/dmesg-raw.log").
std::filesystem::path CorpusPath(const std::string& relative);
// Absolute path under signatures/.
std::filesystem::path SignaturesPath(const std::string& relative = "");
// ../shared, or empty when it is not there (callers GTEST_SKIP()).
std::filesystem::path SharedPath(const std::string& relative = "");
// The whole file as bytes; fails the current test when unreadable.
std::string ReadFile(const std::filesystem::path& path);
// A fresh temporary directory for this test.
std::filesystem::path TempDir();
// `text` as a GoogleTest name (parameterised cases): every byte that is not
// a letter or digit becomes '_' ("oops.kdump-zlib" -> "oops_kdump_zlib").
std::string TestName(std::string text);

}  // namespace crashsift::testing
