// JsonWriter against the nlohmann dump() it replaced: for random strings of
// any bytes and random nested values the streamed text must equal
// dump(indent, ' ', false, replace) byte for byte, so no report changes.
#include "analyzer/render/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace crashsift::render {
namespace {

using nlohmann::json;

std::string Dump(const json& j, int indent) {
  return j.dump(indent, ' ', false, json::error_handler_t::replace);
}

// Walks an nlohmann value the way json_report.cc writes a report.
void WriteValue(JsonWriter& w, const json& j) {
  switch (j.type()) {
    case json::value_t::object:
      w.BeginObject();
      for (const auto& [k, v] : j.items()) {
        w.Key(k);
        WriteValue(w, v);
      }
      w.EndObject();
      break;
    case json::value_t::array:
      w.BeginArray();
      for (const auto& v : j) WriteValue(w, v);
      w.EndArray();
      break;
    case json::value_t::string:
      w.String(j.get_ref<const std::string&>());
      break;
    case json::value_t::boolean:
      w.Bool(j.get<bool>());
      break;
    case json::value_t::number_integer:
      w.Int(j.get<int64_t>());
      break;
    case json::value_t::number_unsigned:
      w.Uint(j.get<uint64_t>());
      break;
    case json::value_t::number_float:
      w.Double(j.get<double>());
      break;
    default:
      w.Null();
      break;
  }
}

std::string Streamed(const json& j, int indent) {
  std::string out;
  JsonWriter w(out, indent);
  WriteValue(w, j);
  return out;
}

// Bytes biased towards the interesting ones: controls, quotes, UTF-8 leads
// and continuations, the edges of the well-formed ranges.
std::string RandomBytes(std::mt19937& rng, size_t max_len) {
  static constexpr unsigned char kPick[] = {
      0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x22, 0x2F, 0x5C, 0x41,
      0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
      0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFE, 0xFF};
  std::string s(rng() % (max_len + 1), '\0');
  for (char& c : s) {
    c = static_cast<char>(rng() % 3 == 0 ? rng() % 256 : kPick[rng() % sizeof kPick]);
  }
  return s;
}

json RandomValue(std::mt19937& rng, int depth) {
  switch (rng() % (depth > 3 ? 6 : 8)) {
    case 0:
      return nullptr;
    case 1:
      return rng() % 2 == 0;
    case 2:
      return static_cast<int64_t>(rng()) - (1ll << 31);
    case 3:
      return static_cast<uint64_t>(rng()) << (rng() % 32);
    case 4: {
      const double d[] = {0.0,
                          -0.0,
                          1.0,
                          0.8,
                          0.7999999999999999,
                          12.345678,
                          1e21,
                          1e-7,
                          123456789012345678.0,
                          1729.25,
                          -3.5e-300};
      return rng() % 2 ? d[rng() % std::size(d)] : std::ldexp(double(rng()), int(rng() % 80) - 40);
    }
    case 5:
      return RandomBytes(rng, 12);
    case 6: {
      json a = json::array();
      for (size_t n = rng() % 4; n > 0; --n) a.push_back(RandomValue(rng, depth + 1));
      return a;
    }
    default: {
      json o = json::object();
      for (size_t n = rng() % 4; n > 0; --n) o[RandomBytes(rng, 5)] = RandomValue(rng, depth + 1);
      return o;
    }
  }
}

TEST(JsonWriterTest, EscapesEveryByteStringAsNlohmannDid) {
  std::mt19937 rng(11);
  for (int i = 0; i < 20000; ++i) {
    const std::string s = RandomBytes(rng, 16);
    std::string out;
    JsonWriter(out).String(s);
    ASSERT_EQ(out, Dump(json(s), -1)) << testing::PrintToString(s);
    ASSERT_TRUE(json::accept(out));
  }
}

TEST(JsonWriterTest, EveryTwoByteStringAsNlohmannDid) {
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; ++b) {
      const std::string s{static_cast<char>(a), static_cast<char>(b)};
      std::string out;
      JsonWriter(out).String(s);
      ASSERT_EQ(out, Dump(json(s), -1)) << a << " " << b;
    }
  }
}

TEST(JsonWriterTest, NestedValuesCompactAndPrettyAsNlohmannDid) {
  std::mt19937 rng(7);
  for (int i = 0; i < 3000; ++i) {
    const json j = RandomValue(rng, 0);
    for (int indent : {-1, 0, 2, 4}) {
      ASSERT_EQ(Streamed(j, indent), Dump(j, indent)) << Dump(j, -1);
    }
  }
}

TEST(JsonWriterTest, EmptyContainersAndMembers) {
  std::string out;
  JsonWriter w(out, 2);
  w.BeginObject();
  w.Key("a");
  w.BeginArray();
  w.EndArray();
  w.StringOrNull("b", "");
  w.Strings("c", {"x", "y"});
  w.Key("d");
  w.BeginObject();
  w.EndObject();
  w.EndObject();
  EXPECT_EQ(out,
            "{\n  \"a\": [],\n  \"b\": null,\n  \"c\": [\n    \"x\",\n    \"y\"\n  ],\n"
            "  \"d\": {}\n}");
}

}  // namespace
}  // namespace crashsift::render
