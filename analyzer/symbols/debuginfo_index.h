// Where debuginfo files are, from the --debuginfo paths: a vmlinux, module
// .ko/.ko.debug files, directories of them, and the distribution layouts
//   Debian/Ubuntu  /usr/lib/debug/boot/vmlinux-<release>
//                  /usr/lib/debug/lib/modules/<release>/kernel/.../<module>.ko
//   RHEL/Fedora    /usr/lib/debug/lib/modules/<release>/vmlinux
//                  /usr/lib/debug/lib/modules/<release>/kernel/.../<module>.ko.debug
//   build-id tree  /usr/lib/debug/.build-id/xx/yyyy.debug (links to the above)
// Only names are read here (no file is opened): the kind, module name,
// release and build id a path announces. Whether a file really is what its
// path says is checked when it is opened (DebugModule).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analyzer/core/result.h"

namespace crashsift::symbols {

struct DebugFileEntry {
  std::string path;       // as found (a .build-id link keeps its own path)
  std::string name;       // "vmlinux", or the module name with '-' as '_' ("snd_aloop"); "" unknown
  std::string release;    // "6.1.0-56-amd64" from the path; "" unknown
  std::string build_id;   // lower-case hex from a .build-id path; "" unknown
  std::string real_path;  // symlinks resolved: one file is opened once
};

class DebuginfoIndex {
 public:
  // Indexes `paths` (files or directories, walked recursively). An Error when
  // a path does not exist or cannot be read; files of other kinds inside a
  // directory are skipped. A file given by name is kept whatever its name
  // ("" name: decided when it is opened).
  static Result<DebuginfoIndex> Build(const std::vector<std::string>& paths);

  // Files that may hold `name` ("vmlinux" or a module, '-' or '_'): first
  // those whose path carries `build_id` (when given), then those named
  // `name` for `release`, then those named `name` for an unknown release,
  // then those named `name` for another release, then files of unknown name.
  // Each path at most once.
  std::vector<const DebugFileEntry*> Candidates(std::string_view name, std::string_view build_id,
                                                std::string_view release) const;

  const std::vector<DebugFileEntry>& entries() const { return entries_; }

 private:
  std::vector<DebugFileEntry> entries_;
};

// "snd-aloop" -> "snd_aloop": the kernel prints module names with '_'.
std::string CanonicalModuleName(std::string_view name);

// What a path announces; false when it is not a kernel debuginfo name
// (vmlinux, vmlinux-<release>, *.ko, *.ko.debug, *.ko.{xz,gz,zst}, or a
// .build-id/xx/yyyy.debug entry).
bool ClassifyDebugPath(std::string_view path, DebugFileEntry& entry);

}  // namespace crashsift::symbols
