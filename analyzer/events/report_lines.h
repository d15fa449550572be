// What the event splitter asks of a line that is no headline: does it belong
// to the report around it, and how (internal to crashsift_events). All are
// pure and safe on any bytes.
#pragma once

#include <string_view>

namespace crashsift::events {

// A register dump line: "RAX: ffff...", "R08: 0", "FS:  0000", "CR2: ...",
// "PKRU: 55555554", arm64 "x29: ffff..." / "sp : ffff...", "Code: 48 89 ...".
bool IsRegisterLine(std::string_view t);

// A memory dump row: "7fa0: 00000018 ..." (ARM stack), "ffff888069a0f100: fa
// fb fb fb" (KASAN shadow).
bool IsHexDumpRow(std::string_view t);

// ARM's stack and register memory dumps: a row ("de00: b860de74 ...",
// "bb40  086ced44 ...") and a block's header ("SP: 0xd983be78:").
bool IsStackMemoryRow(std::string_view t);
bool IsRegisterMemoryHeader(std::string_view t);

// x86's raw stack words (under "Stack:" or a D-state task line, before 4.9):
// three to eight words of 16 (or 8) hex digits and nothing else.
bool IsStackWordsRow(std::string_view t);

// Lines that belong to a report although they are neither frames nor
// headlines: the context line, hardware, trace headers, page-fault details,
// registers, memory dumps.
bool IsReportLine(std::string_view text);

// A line of a stack or register dump that no report header opened (a paste
// cut at its start).
bool IsOrphanStackLine(std::string_view text);

// What may follow the end of a report's stack ("</TASK>") and still belong
// to it.
bool IsReportTrailer(std::string_view t);

}  // namespace crashsift::events
