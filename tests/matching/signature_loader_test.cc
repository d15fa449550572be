#include "analyzer/matching/signature_loader.h"

#include <gtest/gtest.h>

#include <fstream>

#include "analyzer/matching/signature_library.h"
#include "tests/support/test_support.h"

namespace crashsift::matching {
namespace {

constexpr const char* kPath = "signatures/test/demo-sig.toml";

std::string Valid(const std::string& extra = "") {
  return "id = \"demo-sig\"\n"
         "title = \"t\"\n"
         "summary = \"s\"\n"
         "[[require]]\n"
         "kind = \"assertion\"\n"
         "line = '''VERIFY3\\(x\\) failed'''\n" +
         extra;
}

Error ExpectError(const std::string& text) {
  auto r = ParseSignature(text, kPath);
  EXPECT_FALSE(r.has_value());
  return r ? Error{} : r.error();
}

TEST(SignatureLoaderTest, LoadsAValidSignature) {
  auto s = ParseSignature(Valid("[[support]]\nframes = [\"a\", \"b\"]\nweight = 0.25\ntop = 5\n"),
                          kPath, "test");
  ASSERT_TRUE(s.has_value()) << s.error().OneLine();
  EXPECT_EQ(s->id, "demo-sig");
  EXPECT_EQ(s->subsystem, "test");
  ASSERT_EQ(s->require.size(), 1u);
  EXPECT_TRUE(s->require[0].root);
  EXPECT_EQ(s->require[0].line->text, "VERIFY3\\(x\\) failed");
  EXPECT_EQ(s->require[0].line->where.line, 6u);
  EXPECT_EQ(s->require[0].name, "kind assertion, line /VERIFY3\\(x\\) failed/");
  ASSERT_EQ(s->support.size(), 1u);
  EXPECT_DOUBLE_EQ(s->support[0].weight, 0.25);
  EXPECT_EQ(*s->support[0].top, 5u);
}

TEST(SignatureLoaderTest, FragmentClausesHoldOnStackFragmentsOnly) {
  auto s = ParseSignature("fragment_confidence = 0.4\n" + Valid("[[fragment]]\nline = '^CR2: '\n"),
                          kPath, "test");
  ASSERT_TRUE(s.has_value()) << s.error().OneLine();
  ASSERT_EQ(s->fragment.size(), 1u);
  EXPECT_EQ(s->fragment[0].kinds,
            std::vector<events::EventKind>{events::EventKind::kStackFragment});
  EXPECT_DOUBLE_EQ(*s->fragment_confidence, 0.4);
  Error e = ExpectError(Valid("[[fragment]]\nkind = \"oops\"\nline = 'x'\n"));
  EXPECT_NE(e.OneLine().find("fragment[0].kind: a fragment clause holds on a stack_fragment"),
            std::string::npos)
      << e.OneLine();
  e = ExpectError("fragment_confidence = 0.4\n" + Valid());
  EXPECT_NE(e.OneLine().find("fragment_confidence: needs at least one [[fragment]] clause"),
            std::string::npos)
      << e.OneLine();
}

TEST(SignatureLoaderTest, UnknownFieldNamesFileLineAndField) {
  Error e = ExpectError(Valid("[[support]]\nframe = [\"a\"]\n"));
  EXPECT_EQ(e.code, ErrorCode::kInvalidSignature);
  EXPECT_EQ(e.OneLine(), "signatures/test/demo-sig.toml:8: support[0].frame: unknown field");
  // A top-level key after a table header belongs to that table (TOML).
  e = ExpectError(Valid("colour = \"red\"\n"));
  EXPECT_EQ(e.OneLine(), "signatures/test/demo-sig.toml:7: require[0].colour: unknown field");
  e = ExpectError("colour = \"red\"\n" + Valid());
  EXPECT_EQ(e.OneLine(), "signatures/test/demo-sig.toml:1: colour: unknown field");
}

TEST(SignatureLoaderTest, BadRegexNamesTheField) {
  Error e = ExpectError(Valid("[[support]]\nline = 'VERIFY3('\n"));
  EXPECT_EQ(e.OneLine(),
            "signatures/test/demo-sig.toml:8: support[0].line: bad regex: missing ): VERIFY3(");
  // RE2 has no backreferences or lookaround: rejected, not silently ignored.
  e = ExpectError(Valid("[[exclude]]\nline = '(a)\\1'\n"));
  EXPECT_EQ(
      e.OneLine(),
      "signatures/test/demo-sig.toml:8: exclude[0].line: bad regex: invalid escape sequence: \\1");
  e = ExpectError(Valid("[[exclude]]\nline = 'a(?=b)'\n"));
  EXPECT_EQ(
      e.OneLine(),
      "signatures/test/demo-sig.toml:8: exclude[0].line: bad regex: invalid perl operator: (?=");
}

TEST(SignatureLoaderTest, UnverifiedRangesNeedTheirSentence) {
  const std::string affected =
      "[[affected]]\ncomponent = \"kernel\"\nranges = ['>=6.14.4 <6.15-rc1']\n"
      "inside = \"has it\"\noutside = \"lacks it\"\nunverified = ['=6.14.4']\n";
  auto s = ParseSignature(Valid(affected + "unverified_why = \"may have it\"\n"), kPath);
  ASSERT_TRUE(s.has_value()) << s.error().OneLine();
  ASSERT_EQ(s->affected[0].unverified.size(), 1u);
  EXPECT_EQ(s->affected[0].unverified[0].text, "=6.14.4");
  EXPECT_EQ(s->affected[0].unverified_why, "may have it");
  EXPECT_EQ(ExpectError(Valid(affected)).OneLine(),
            "signatures/test/demo-sig.toml:7: affected[0].unverified_why: missing required field");
}

TEST(SignatureLoaderTest, WrongTypes) {
  EXPECT_EQ(ExpectError("tags = \"x\"\n" + Valid()).OneLine(),
            "signatures/test/demo-sig.toml:1: tags: must be an array of strings");
  EXPECT_EQ(ExpectError(Valid("[[support]]\nline = 'x'\nweight = \"high\"\n")).OneLine(),
            "signatures/test/demo-sig.toml:9: support[0].weight: must be a number");
  EXPECT_EQ(ExpectError(Valid("[[support]]\nline = 'x'\nweight = 2.0\n")).OneLine(),
            "signatures/test/demo-sig.toml:9: support[0].weight: must be in (0, 1]");
  EXPECT_EQ(ExpectError(Valid("[[require]]\nkind = \"hung\"\n")).OneLine(),
            "signatures/test/demo-sig.toml:8: require[1].kind: unknown event kind 'hung'");
  EXPECT_EQ(
      ExpectError(Valid("[[require]]\nline = 'x'\nweight = 0.1\n")).OneLine(),
      "signatures/test/demo-sig.toml:9: require[1].weight: only [[support]] clauses have a weight");
}

TEST(SignatureLoaderTest, BaseConfidenceIsOptionalAndChecked) {
  auto plain = ParseSignature(Valid(), kPath);
  ASSERT_TRUE(plain.has_value()) << plain.error().OneLine();
  EXPECT_FALSE(plain->base_confidence.has_value());
  auto thin = ParseSignature("confidence = 0.4\n" + Valid(), kPath);
  ASSERT_TRUE(thin.has_value()) << thin.error().OneLine();
  EXPECT_DOUBLE_EQ(*thin->base_confidence, 0.4);
  EXPECT_EQ(ExpectError("confidence = 0\n" + Valid()).OneLine(),
            "signatures/test/demo-sig.toml:1: confidence: must be in (0, 1]");
  EXPECT_EQ(ExpectError("confidence = \"low\"\n" + Valid()).OneLine(),
            "signatures/test/demo-sig.toml:1: confidence: must be a number");
}

TEST(SignatureLoaderTest, RequiredFieldsAndIdChecks) {
  EXPECT_EQ(ExpectError("id = \"demo-sig\"\ntitle = \"t\"\nsummary = \"s\"\n").reason,
            "require: at least one [[require]] clause is needed");
  EXPECT_EQ(ExpectError("title = \"t\"\n").reason, "id: missing required field");
  auto r = ParseSignature(Valid(), "signatures/test/other-name.toml");
  ASSERT_FALSE(r);
  EXPECT_EQ(
      r.error().OneLine(),
      "signatures/test/other-name.toml:1: id: 'demo-sig' differs from the file name 'other-name'");
  EXPECT_EQ(ExpectError(Valid("[[require]]\nname = \"only a name\"\n")).reason,
            "require[1]: a clause needs at least one rule (kind, line, headline, task, details, "
            "frames, frames_all, frames_any, module, file, fact)");
}

TEST(SignatureLoaderTest, VersionRangesAreValidated) {
  Error e =
      ExpectError(Valid("[[affected]]\ncomponent = \"openzfs\"\nranges = ['2.3.3']\ninside = "
                        "\"a\"\noutside = \"b\"\n"));
  EXPECT_EQ(e.OneLine(),
            "signatures/test/demo-sig.toml:9: affected[0].ranges[0]: '2.3.3' has no comparison "
            "operator (>=, >, <=, <, =)");
  e = ExpectError(Valid(
      "[[affected]]\ncomponent = \"zfs\"\nranges = ['>=1']\ninside = \"a\"\noutside = \"b\"\n"));
  EXPECT_EQ(e.reason, "affected[0].component: must be \"kernel\" or \"openzfs\"");
}

TEST(SignatureLoaderTest, TomlSyntaxErrorIsCaughtAndLocated) {
  Error e = ExpectError("id = \"demo-sig\"\ntitle = \n");
  EXPECT_EQ(e.code, ErrorCode::kSyntax);
  EXPECT_EQ(e.path, kPath);
  ASSERT_TRUE(e.offset_or_line.has_value());
  EXPECT_EQ(*e.offset_or_line, 2u);
  EXPECT_TRUE(e.reason.starts_with("TOML: ")) << e.reason;
}

TEST(SignatureLoaderTest, MacrosExpand) {
  EXPECT_EQ(ExpandRegexMacros("PANIC at {{FUNC}}:{{NUM}} {{ADDR}} {{HEX}} {{OTHER}}"),
            "PANIC at [A-Za-z_][A-Za-z0-9_.]*:[0-9]+ (?:0x)?[0-9a-fA-F]+ [0-9a-fA-F]+ {{OTHER}}");
}

TEST(SignatureLoaderTest, GarbageInputIsAnErrorNotACrash) {
  std::string garbage("\x00\xff\xfe[[[\x01 = = \n\"", 14);
  auto r = ParseSignature(garbage, kPath);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kSyntax);
}

// Every shipped signature file, truncated at many lengths and with bytes
// flipped: each variant parses or fails with an Error naming the file, never
// crashes or throws.
TEST(SignatureLoaderTest, TruncatedAndBitFlippedFilesFailCleanly) {
  size_t files = 0, errors = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(crashsift::testing::SignaturesPath())) {
    if (entry.path().extension() != ".toml") continue;
    ++files;
    std::string text = crashsift::testing::ReadFile(entry.path());
    std::string path = entry.path().string();
    for (size_t cut = 0; cut < text.size(); cut += std::max<size_t>(1, text.size() / 37)) {
      auto r = ParseSignature(std::string_view(text).substr(0, cut), path);
      if (!r) {
        ++errors;
        EXPECT_EQ(r.error().path, path);
        EXPECT_FALSE(r.error().reason.empty());
      }
    }
    for (size_t i = 0; i < text.size(); i += std::max<size_t>(1, text.size() / 53)) {
      std::string flipped = text;
      flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
      auto r = ParseSignature(flipped, path);
      if (!r) {
        EXPECT_EQ(r.error().path, path);
      }
    }
  }
  EXPECT_GE(files, 2u);
  EXPECT_GT(errors, files);  // most truncations are errors (missing require, broken strings)
}

TEST(SignatureLibraryTest, DuplicateIdsAreRejectedNamingBothFiles) {
  auto dir = crashsift::testing::TempDir();
  std::filesystem::create_directories(dir / "a");
  std::filesystem::create_directories(dir / "b");
  std::ofstream(dir / "a" / "demo-sig.toml") << Valid();
  std::ofstream(dir / "b" / "demo-sig.toml") << Valid();
  auto lib = SignatureLibrary::Load(dir);
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().reason,
            "id 'demo-sig' is already used by " + (dir / "a" / "demo-sig.toml").string());
  EXPECT_EQ(lib.error().path, (dir / "b" / "demo-sig.toml").string());
}

TEST(SignatureLibraryTest, MissingDirectory) {
  auto lib = SignatureLibrary::Load("/nonexistent/crashsift-signatures");
  ASSERT_FALSE(lib);
  EXPECT_EQ(lib.error().code, ErrorCode::kNotFound);
}

TEST(SignatureLibraryTest, TheShippedLibraryLoads) {
  auto lib = SignatureLibrary::Load(crashsift::testing::SignaturesPath());
  ASSERT_TRUE(lib.has_value()) << lib.error().OneLine();
  ASSERT_NE(lib->Find("openzfs-zap-create-leaf-verify3"), nullptr);
  ASSERT_NE(lib->Find("openzfs-loop-txg-sync-hang"), nullptr);
  EXPECT_EQ(lib->Find("openzfs-loop-txg-sync-hang")->subsystem, "openzfs");
  EXPECT_GT(lib->pattern_count(), 2u);
}

// Issue 12, defect 7: ~60k levels overflowed toml++'s stack (SIGSEGV).
TEST(SignatureLoaderTest, DeepNestingIsASyntaxErrorBeforeTomlPlusPlus) {
  std::string dotted = "a";
  for (int i = 0; i < 60000; ++i) dotted += ".a";
  const std::string deep[] = {
      Valid(dotted + " = 1\n"),
      Valid("[" + dotted + "]\n"),
      Valid("x = " + std::string(60000, '[') + std::string(60000, ']') + "\n"),
      Valid("x = " +
            [] {
              std::string t;
              for (int i = 0; i < 60000; ++i) t += "{a=";
              return t + "1" + std::string(60000, '}');
            }() +
            "\n"),
  };
  for (const std::string& text : deep) {
    Error e = ExpectError(text);
    EXPECT_EQ(e.code, ErrorCode::kSyntax);
    EXPECT_EQ(e.OneLine(), std::string(kPath) + ":7: nesting deeper than 64 levels");
  }
  // Dots and brackets inside strings and comments are no levels.
  auto ok = ParseSignature(Valid("# " + dotted + "\n[[support]]\nline = '" + std::string(200, '[') +
                                 "'\nframes = [\"a.b.c.d\"]\n"),
                           kPath);
  EXPECT_FALSE(ok.has_value());  // the regex itself is invalid, but TOML parsed
  EXPECT_EQ(ok.error().reason.find("nesting"), std::string::npos) << ok.error().OneLine();
}

}  // namespace
}  // namespace crashsift::matching
