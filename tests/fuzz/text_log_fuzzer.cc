// fuzz-deps: crashsift_kernel_log crashsift_input
// Bytes -> sniff -> (decompress) -> format detection -> every record. Nothing
// may crash, hang or grow without bound; errors are fine.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "analyzer/input/input_kind.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  crashsift::input::Sniff(bytes);
  auto reader = crashsift::kernel_log::TextLogReader::Open(
      crashsift::input::InputSource::FromBytes(bytes, "fuzz"));
  if (!reader) return 0;
  crashsift::kernel_log::LogRecord record;
  // At most 20k records or 4 MiB of text: a 45 KB zstd frame of 512 MiB of
  // dmesg lines (a real find of this target) would otherwise spend the whole
  // -timeout on one input (the CLI caps that with --max-input-time).
  size_t text_bytes = 0;
  for (int i = 0; i < 20000 && text_bytes < (4u << 20); ++i) {
    auto more = reader->Next(record);
    if (!more || !*more) break;
    text_bytes += record.text.size();
  }
  return 0;
}
