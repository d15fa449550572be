// Which input files are one dump: `crashsift analyze p1 p2 p3` given the
// parts of a makedumpfile --split set must read them together (each part
// alone holds only a pfn range). Only the headers are read.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crashsift::vmcore {

// Groups the paths that are parts of one --split set: kdump-compressed files
// whose sub-header has the split flag and whose disk_dump_header (utsname,
// timestamp, sizes) is byte-identical. A group takes the place of its first
// part; every other path (unreadable, not a split part) is a group of one.
// The disk_dump_header bytes that identify a split part's set (equal for
// every part of one set), or nullopt when the file or `bytes` (a whole file,
// or at least its header and sub-header) is not a split part. The path form
// reads only the headers; an unreadable file is not a split part.
std::optional<std::string> SplitPartKey(const std::string& path);
std::optional<std::string> SplitPartKeyOfBytes(std::string_view bytes);

std::vector<std::vector<std::string>> GroupSplitParts(const std::vector<std::string>& paths);

}  // namespace crashsift::vmcore
