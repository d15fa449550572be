#include "tests/batch/archive_writer.h"

#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace crashsift::testing {

void WriteArchive(const std::string& path, const std::string& format, const std::string& filter,
                  const std::vector<std::pair<std::string, std::string>>& members) {
  if (format == "raw") {
    // libarchive writes no raw format: compress the one member with the filter alone.
    archive* a = archive_write_new();
    archive_write_add_filter_by_name(a, filter.c_str());
    archive_write_set_format_raw(a);
    ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, "data");
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, static_cast<la_int64_t>(members.at(0).second.size()));
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    archive_write_data(a, members[0].second.data(), members[0].second.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    return;
  }
  archive* a = archive_write_new();
  if (!filter.empty()) archive_write_add_filter_by_name(a, filter.c_str());
  if (format == "tar") archive_write_set_format_pax_restricted(a);
  if (format == "zip") archive_write_set_format_zip(a);
  if (format == "cpio") archive_write_set_format_cpio_newc(a);
  ASSERT_EQ(archive_write_open_filename(a, path.c_str()), ARCHIVE_OK) << archive_error_string(a);
  for (const auto& [name, bytes] : members) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(bytes.size()));
    ASSERT_EQ(archive_write_header(a, e), ARCHIVE_OK) << name << ": " << archive_error_string(a);
    if (!bytes.empty()) archive_write_data(a, bytes.data(), bytes.size());
    archive_entry_free(e);
  }
  ASSERT_EQ(archive_write_close(a), ARCHIVE_OK) << archive_error_string(a);
  archive_write_free(a);
}

}  // namespace crashsift::testing
