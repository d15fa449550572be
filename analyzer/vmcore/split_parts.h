// Which input files are one dump: `crashsift analyze p1 p2 p3` given the
// parts of a makedumpfile --split set must read them together (each part
// alone holds only a pfn range). Only the headers are read.
#pragma once

#include <string>
#include <vector>

namespace crashsift::vmcore {

// Groups the paths that are parts of one --split set: kdump-compressed files
// whose sub-header has the split flag and whose disk_dump_header (utsname,
// timestamp, sizes) is byte-identical. A group takes the place of its first
// part; every other path (unreadable, not a split part) is a group of one.
std::vector<std::vector<std::string>> GroupSplitParts(const std::vector<std::string>& paths);

}  // namespace crashsift::vmcore
