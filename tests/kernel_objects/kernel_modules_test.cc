// The dump's module list on memory laid out by hand the way 6.1 lays out
// struct module and its kallsyms: module text ranges, symbols with the sizes
// kallsyms prints ("[zfs]" frames), mapping/unnamed/undefined symbols left
// out, and the module's own ORC table read from memory.
#include "analyzer/kernel_objects/kernel_modules.h"

#include <gtest/gtest.h>

#include "tests/kernel_objects/fake_memory.h"

namespace crashsift::kernel_objects {
namespace {

constexpr uint64_t kHead = 0xffffffff83000000;    // `modules`
constexpr uint64_t kModule = 0xffffffffc0100000;  // struct module of zfs
constexpr uint64_t kText = 0xffffffffc0000000;    // zfs core text, 0x3000 bytes
constexpr uint64_t kKallsyms = 0xffffffffc0200000;
constexpr uint64_t kSymtab = 0xffffffffc0201000;
constexpr uint64_t kStrtab = 0xffffffffc0202000;
constexpr uint64_t kOrcIp = 0xffffffffc0203000;
constexpr uint64_t kOrc = 0xffffffffc0204000;

KernelTypes Layouts() {
  StructLayout module;
  module.offsets = {{"list", 8},
                    {"name", 24},
                    {"core_layout.base", 0x100},
                    {"core_layout.text_size", 0x114},
                    {"kallsyms", 0x200},
                    {"arch.orc_unwind_ip", 0x300},
                    {"arch.orc_unwind", 0x308},
                    {"arch.num_orcs", 0x310}};
  StructLayout kallsyms;
  kallsyms.offsets = {{"symtab", 0}, {"num_symtab", 8}, {"strtab", 16}};
  return KernelTypes::FromLayouts({{"module", module}, {"mod_kallsyms", kallsyms}});
}

void PutSymbol(testing::FakeMemory& m, int index, uint32_t name, uint16_t shndx, uint64_t value) {
  const uint64_t at = kSymtab + 24ull * index;
  m.Put32(at, name);
  m.Put16(at + 6, shndx);
  m.Put64(at + 8, value);
}

testing::FakeMemory ZfsLoaded() {
  testing::FakeMemory m;
  m.Region(kHead, 16);
  m.Region(kModule, 0x400);
  m.Region(kKallsyms, 0x100);
  m.Region(kSymtab, 24 * 8);
  m.Region(kStrtab, 0x1000);
  m.Region(kOrcIp, 8);
  m.Region(kOrc, 12);
  m.Put64(kHead, kModule + 8);  // head.next -> zfs.list
  m.Put64(kModule + 8, kHead);  // zfs.list.next -> head
  m.PutBytes(kModule + 24, std::string("zfs\0", 4));
  m.Put64(kModule + 0x100, kText);
  m.Put32(kModule + 0x114, 0x3000);
  m.Put64(kModule + 0x200, kKallsyms);
  m.Put64(kKallsyms, kSymtab);
  m.Put32(kKallsyms + 8, 7);
  m.Put64(kKallsyms + 16, kStrtab);
  m.PutBytes(kStrtab,
             std::string("\0zap_create_leaf\0$x\0zap_expand_leaf\0zfs_undef\0zfs_data\0", 55));
  PutSymbol(m, 1, 1, 2, kText + 0x100);    // zap_create_leaf
  PutSymbol(m, 2, 17, 2, kText + 0x150);   // $x: an arm mapping symbol, never a name
  PutSymbol(m, 3, 20, 2, kText + 0x400);   // zap_expand_leaf
  PutSymbol(m, 4, 0, 2, kText + 0x500);    // unnamed
  PutSymbol(m, 5, 36, 0, kText + 0x600);   // SHN_UNDEF
  PutSymbol(m, 6, 46, 5, kText + 0x9000);  // data, outside the text
  // ORC: two entries (real 6.1 loop.ko bytes: CFA = sp + 8, then sp + 24),
  // at text+0x100 and text+0x120, each ip relative to its slot.
  m.Put32(kOrcIp, static_cast<uint32_t>(kText + 0x100 - kOrcIp));
  m.Put32(kOrcIp + 4, static_cast<uint32_t>(kText + 0x120 - (kOrcIp + 4)));
  m.PutBytes(kOrc, std::string("\x08\x00\x00\x00\x05\x00\x18\x00\x00\x00\x05\x00", 12));
  m.Put64(kModule + 0x300, kOrcIp);
  m.Put64(kModule + 0x308, kOrc);
  m.Put32(kModule + 0x310, 2);
  return m;
}

TEST(KernelModules, NamesModuleFramesAsKallsymsDoes) {
  testing::FakeMemory memory = ZfsLoaded();
  std::vector<Warning> warnings;
  KernelModules modules =
      KernelModules::Read(memory.Reader(), kHead, Layouts(), OrcLayout::kV1, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(modules.modules().size(), 1u);
  EXPECT_EQ(modules.modules()[0].name, "zfs");
  EXPECT_EQ(modules.modules()[0].symbols.size(), 2u);

  auto leaf = modules.SymbolFor(kText + 0x14a);
  ASSERT_TRUE(leaf);
  EXPECT_EQ(leaf->module, "zfs");
  EXPECT_EQ(leaf->name, "zap_create_leaf");
  EXPECT_EQ(leaf->offset, 0x4au);
  EXPECT_EQ(leaf->size, 0x300u);  // to zap_expand_leaf: $x and "" are no symbols
  auto last = modules.SymbolFor(kText + 0x610);
  ASSERT_TRUE(last);
  EXPECT_EQ(last->name, "zap_expand_leaf");
  EXPECT_EQ(last->offset, 0x210u);
  EXPECT_EQ(last->size, 0x2c00u);                 // to the end of the module's text
  EXPECT_FALSE(modules.SymbolFor(kText + 0x80));  // before the first symbol
  EXPECT_FALSE(modules.SymbolFor(kText + 0x3000));
  EXPECT_EQ(modules.ModuleAt(kText + 0x2fff), &modules.modules()[0]);
  EXPECT_EQ(modules.ModuleAt(kText - 1), nullptr);
}

TEST(KernelModules, ReadsAModulesOrcFromMemory) {
  testing::FakeMemory memory = ZfsLoaded();
  std::vector<Warning> warnings;
  KernelModules modules =
      KernelModules::Read(memory.Reader(), kHead, Layouts(), OrcLayout::kV1, warnings);
  auto first = modules.FindOrc(memory.Reader(), kText + 0x110);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->sp_offset, 8);
  EXPECT_EQ(first->type, OrcEntry::Type::kCall);
  EXPECT_EQ(modules.FindOrc(memory.Reader(), kText + 0x130)->sp_offset, 24);
  EXPECT_FALSE(modules.FindOrc(memory.Reader(), kText + 0x10));
  EXPECT_FALSE(modules.FindOrc(memory.Reader(), kText + 0x5000));
}

TEST(KernelModules, ALoopingOrUnreadableListIsAWarningNotACrash) {
  testing::FakeMemory memory = ZfsLoaded();
  memory.Put64(kModule + 8, kModule + 8);  // zfs.list.next -> itself
  std::vector<Warning> warnings;
  KernelModules modules =
      KernelModules::Read(memory.Reader(), kHead, Layouts(), OrcLayout::kV1, warnings);
  EXPECT_EQ(modules.modules().size(), 1u);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_EQ(warnings[0].message, "modules: the module list loops");

  memory.Put64(kModule + 8, 0xffffffffc0900000);  // a page not in the dump
  warnings.clear();
  modules = KernelModules::Read(memory.Reader(), kHead, Layouts(), OrcLayout::kV1, warnings);
  EXPECT_FALSE(warnings.empty());
}

// 6.4+ (commit ac3b43283923): no core_layout; the text is mem[MOD_TEXT]
// (MOD_TEXT = 0), a struct module_memory {void *base; unsigned int size; ...}.
TEST(KernelModules, Since64TheTextIsModMemTextOfModuleMemory) {
  testing::FakeMemory memory = ZfsLoaded();
  StructLayout module;
  module.offsets = {{"list", 8},
                    {"name", 24},
                    {"mem", 0x100},  // mem[0].base at 0x100, mem[0].size at 0x114
                    {"kallsyms", 0x200},
                    {"arch.orc_unwind_ip", 0x300},
                    {"arch.orc_unwind", 0x308},
                    {"arch.num_orcs", 0x310}};
  StructLayout module_memory;
  module_memory.size = 0x50;
  module_memory.offsets = {{"base", 0}, {"size", 0x14}};
  StructLayout kallsyms;
  kallsyms.offsets = {{"symtab", 0}, {"num_symtab", 8}, {"strtab", 16}};
  KernelTypes types = KernelTypes::FromLayouts(
      {{"module", module}, {"module_memory", module_memory}, {"mod_kallsyms", kallsyms}});
  std::vector<Warning> warnings;
  KernelModules modules =
      KernelModules::Read(memory.Reader(), kHead, types, OrcLayout::kV3, warnings);
  EXPECT_TRUE(warnings.empty());
  ASSERT_EQ(modules.modules().size(), 1u);
  EXPECT_EQ(modules.modules()[0].text, kText);
  EXPECT_EQ(modules.modules()[0].text_size, 0x3000u);
  EXPECT_EQ(modules.SymbolFor(kText + 0x14a)->name, "zap_create_leaf");
}

}  // namespace
}  // namespace crashsift::kernel_objects
