// Where the CLI writes a report or summary, so that nothing is lost and
// nothing fails silently:
//  - a regular-file target is written to a temporary beside it
//    ("TARGET.partial-XXXXXX") and renamed over it by Commit(): the old file
//    stays whole until the new one is complete, and an input is never
//    truncated by its own run;
//  - "-" (or empty) is standard output; a target that exists and is not a
//    regular file (/dev/null, /dev/full, a FIFO) is written in place;
//  - every Write() is one write(2) loop of whole records, unbuffered, and is
//    checked: a full disk is an Error, not exit 0;
//  - with `keep_on_interrupt` (JSON Lines), SIGTERM/SIGINT/SIGHUP rename what
//    was written so far (whole lines only) over the target and exit
//    128+signal; otherwise the temporary is removed. After SIGKILL the
//    temporary stays, holding whole lines only.
#pragma once

#include <sys/stat.h>

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace crashsift::batch {

class OutputFile {
 public:
  // Opens `target` for writing. Errors: io (directory missing, no
  // permission), usage (the target is a directory).
  static Result<OutputFile> Open(const std::string& target, bool keep_on_interrupt = false);
  // Opens an existing results file to go on with (batch --resume): written in
  // place with O_APPEND, one whole record per write, so an interrupted run
  // leaves whole lines only.
  static Result<OutputFile> OpenForAppend(const std::string& target);

  OutputFile(OutputFile&& other) noexcept;
  OutputFile& operator=(OutputFile&&) = delete;
  OutputFile(const OutputFile&) = delete;
  ~OutputFile();  // an uncommitted temporary is removed

  // Writes all of `text`; an Error names the target ("No space left on device").
  Result<void> Write(std::string_view text);
  // Writes the pieces as one record: an interrupt waits until all are written.
  Result<void> Write(const std::vector<std::string>& pieces);
  Result<void> Write(std::span<const std::string_view> pieces);
  // Between these, Writes are one record (a report streamed as it is
  // rendered): an interrupt waits for EndRecord.
  void BeginRecord();
  Result<void> EndRecord();
  // Closes (checked) and renames the temporary over the target.
  Result<void> Commit();

  const std::string& target() const { return target_; }

 private:
  OutputFile() = default;
  bool in_record_ = false;
  std::string target_;     // "-" for stdout
  std::string temp_;       // empty when written in place
  std::string rename_to_;  // the target, through a symbolic link
  int fd_ = -1;
  bool owned_ = false;
  bool committed_ = false;
};

// True when `a` and `b` name the same existing file (same device and inode).
bool SameFile(const std::string& a, const std::string& b);

}  // namespace crashsift::batch
