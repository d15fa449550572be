// text::ReadDigits, the digit-run reader shared by the log-time, capture-clock
// and line-gutter parsers.
#include "analyzer/core/text.h"

#include <gtest/gtest.h>

namespace crashsift::text {
namespace {

TEST(ReadDigits, ReadsUpToMaxDigitsAndStopsAtTheFirstOther) {
  // A capture tool's clock ("05/09/2024 11:14:52"), a gutter ("  11745\t[ ...").
  DigitRun month = ReadDigits("05/09/2024 11:14:52", 0, 2);
  EXPECT_EQ(month.count, 2u);
  EXPECT_EQ(month.value, 5u);
  DigitRun year = ReadDigits("05/09/2024 11:14:52", 6, 4);
  EXPECT_EQ(year.count, 4u);
  EXPECT_EQ(year.value, 2024u);
  DigitRun gutter = ReadDigits("  11745\t[    0.000000] Linux", 2, 7);
  EXPECT_EQ(gutter.count, 5u);
  EXPECT_EQ(gutter.value, 11745u);
  // At most `max`: the eighth digit is left.
  DigitRun capped = ReadDigits("123456789", 0, 7);
  EXPECT_EQ(capped.count, 7u);
  EXPECT_EQ(capped.value, 1234567u);
}

TEST(ReadDigits, NoDigitsPastTheEndOrBeforeAnotherByte) {
  EXPECT_EQ(ReadDigits("12", 1, 4).count, 1u);  // the string ends first
  EXPECT_EQ(ReadDigits("12", 2, 4).count, 0u);
  EXPECT_EQ(ReadDigits("12", 9, 4).count, 0u);
  EXPECT_EQ(ReadDigits("x12", 0, 4).count, 0u);
  EXPECT_EQ(ReadDigits("12:34", 0, 0).count, 0u);
}

}  // namespace
}  // namespace crashsift::text
