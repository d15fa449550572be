// Golden files for the layer tests: an output compared with a file under
// tests/expected/. One switch rewrites them all: run the tests with
// CRASHSIFT_UPDATE_EXPECTED=1, then review the diff (git diff tests/expected).
#pragma once

#include <filesystem>
#include <string>

namespace crashsift::testing {

// Absolute path of a file under tests/expected/ ("render/hung-task.txt").
std::filesystem::path ExpectedPath(const std::string& relative);

// Fails the current test when `actual` differs from the file at `relative`
// (or the file is missing); with CRASHSIFT_UPDATE_EXPECTED=1 writes `actual`
// there instead and passes.
void ExpectMatchesFile(const std::string& actual, const std::string& relative);

}  // namespace crashsift::testing
