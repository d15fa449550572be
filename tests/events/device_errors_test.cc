// Device and filesystem errors (io_error, fs_error), EDAC memory errors and
// the old task-line and 32-bit ARM trace forms, on the real samples of
// corpus/logs/library (see its README for where each came from), read by the
// real text reader as the pipeline reads them. Titles come from the titles
// module's rules for these events.
#include "analyzer/events/device_errors.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analyzer/events/event_splitter.h"
#include "analyzer/input/input_source.h"
#include "analyzer/kernel_log/text_log_reader.h"
#include "analyzer/titles/event_titles.h"
#include "tests/support/test_support.h"

namespace crashsift::events {
namespace {

SplitResult Split(const std::string& sample) {
  auto path = crashsift::testing::CorpusPath("logs/" + sample);
  auto reader = kernel_log::TextLogReader::Open(input::InputSource::FromPath(path));
  EXPECT_TRUE(reader.has_value()) << sample;
  EventSplitter splitter;
  if (!reader) return splitter.Finish();
  kernel_log::LogRecord record;
  while (true) {
    auto more = reader->Next(record);
    EXPECT_TRUE(more.has_value()) << sample;
    if (!more || !*more) break;
    splitter.Add(record);
  }
  return splitter.Finish();
}

std::vector<uint64_t> LineNumbers(const Event& e) {
  std::vector<uint64_t> out;
  for (const EvidenceLine& l : e.lines) out.push_back(l.line);
  return out;
}

std::string Title(const Event& e) { return titles::TitleForEvent(e).title; }

using Lines = std::vector<uint64_t>;

TEST(DeviceErrors, NvmeTimeoutsAndAbortsAreOneEventPerController) {
  SplitResult r = Split("library/hardware-nvme-timeout/linux-surface-733-aborting.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kIoError);
  EXPECT_EQ(e.headline, "nvme nvme0: I/O 12 QID 5 timeout, aborting");
  EXPECT_EQ(e.details.at("dev"), "nvme0");
  EXPECT_EQ(e.details.at("errors"), "8");
  // The two "Abort status" lines before the first timeout belong to nothing.
  EXPECT_EQ(e.first_line, 3u);
  EXPECT_EQ(e.last_line, 14u);
  EXPECT_EQ(e.lines.size(), 12u);
  EXPECT_EQ(Title(e), "I/O error on nvme0");
}

TEST(DeviceErrors, NvmeResetFailureKeepsItsSteps) {
  // "Device not ready; aborting reset" comes 25 s after the timeout: within the window.
  SplitResult r = Split("library/hardware-nvme-timeout/nvme-cli-151-reset-removed-4.8.log");
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0].details.at("dev"), "nvme2");
  EXPECT_EQ(LineNumbers(r.events[0]),
            (Lines{1, 2, 3, 4, 5}));  // incl. "nvme2n1: detected capacity"
  EXPECT_EQ(r.events[1].details.at("dev"), "nvme3");
  EXPECT_EQ(LineNumbers(r.events[1]), (Lines{6, 7, 8, 9, 10}));
  EXPECT_EQ(Title(r.events[1]), "I/O error on nvme3");
}

TEST(DeviceErrors, NvmeNamespaceAndBlockErrorsJoinTheirController) {
  SplitResult r = Split("library/hardware-nvme-timeout/propolis-1156-reset-ioerror.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kIoError);
  EXPECT_EQ(e.details.at("dev"), "nvme0");
  // Two timeouts, "nvme0n1: I/O Cmd(0x2) @ LBA ... I/O Error (sct ...)" and
  // "I/O error, dev nvme0n1, sector 1336320".
  EXPECT_EQ(e.details.at("errors"), "4");
  EXPECT_EQ(e.details.at("sector"), "1336320");
  EXPECT_EQ(LineNumbers(e), (Lines{1, 2, 3, 4, 5, 6}));
}

TEST(DeviceErrors, LibataExceptionBlockAndTheScsiDiskErrors) {
  SplitResult r = Split("library/hardware-ata-error/nbs-685-media-error.log");
  ASSERT_EQ(r.events.size(), 2u);
  const Event& ata = r.events[0];
  EXPECT_EQ(ata.kind, EventKind::kIoError);
  EXPECT_EQ(ata.details.at("dev"), "ata1");
  // The exception block up to "ata1: EH complete", with the indented "res"
  // line (a record of its own); the sd lines between are the disk's event.
  EXPECT_EQ(LineNumbers(ata), (Lines{1, 2, 3, 4, 5, 6, 7, 8, 14}));
  EXPECT_EQ(ata.first_line, 1u);
  EXPECT_EQ(ata.last_line, 14u);
  EXPECT_EQ(Title(ata), "I/O error on ata1");
  const Event& sda = r.events[1];
  EXPECT_EQ(sda.kind, EventKind::kIoError);
  EXPECT_EQ(sda.headline,
            "sd 0:0:0:0: [sda] tag#25 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE");
  EXPECT_EQ(sda.details.at("dev"), "sda");
  EXPECT_EQ(sda.details.at("sector"), "582845656");  // from print_req_error
  EXPECT_EQ(LineNumbers(sda), (Lines{9, 10, 11, 12, 13}));
}

TEST(DeviceErrors, ScsiErrorHandlerLinesOpenTheDevicesEvent) {
  // mpt3sas's task abort after a 30 s command timeout (wiki.inode.ws): the
  // error handler's line opens the event of the H:C:T:L device it names.
  SplitResult abort =
      Split("library/hardware-scsi-timeout-reset/inode-wiki-mpt3sas-task-abort.log");
  ASSERT_EQ(abort.events.size(), 1u);
  const Event& e = abort.events[0];
  EXPECT_EQ(e.kind, EventKind::kIoError);
  EXPECT_EQ(e.headline,
            "sd 11:0:5:0: attempting task abort!scmd(0x00000000ec158cca), outstanding for 30206 "
            "ms & timeout 30000 ms");
  EXPECT_EQ(e.details.at("dev"), "sd 11:0:5:0");
  EXPECT_EQ(e.first_line, 1u);
  // A USB disk offlined after error recovery (asuswrt-merlin.ng#379): the
  // offline device's event, then the disk's own I/O errors.
  SplitResult offline = Split(
      "library/hardware-scsi-timeout-reset/nomatch-asuswrt-merlin-379-usb-offlined-io-error.log");
  ASSERT_EQ(offline.events.size(), 2u);
  EXPECT_EQ(offline.events[0].headline,
            "sd 0:0:0:0: Device offlined - not ready after error recovery");
  EXPECT_EQ(offline.events[0].details.at("dev"), "sd 0:0:0:0");
  EXPECT_EQ(offline.events[0].details.at("errors"), "3");  // the offline line, two rejections
  EXPECT_EQ(offline.events[1].details.at("dev"), "sdd");
}

TEST(DeviceErrors, LibataResLineOfItsOwn) {
  SplitResult r = Split("library/hardware-ata-error/fastvps-4-timeout-hard-reset.log");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].details.at("dev"), "ata1");
  EXPECT_EQ(r.events[0].details.at("errors"), "1");
  EXPECT_EQ(LineNumbers(r.events[0]), (Lines{1, 2, 3, 4, 5, 6, 7, 8, 9}));
}

TEST(DeviceErrors, LibataFailedCommandRowsShowTheErrorWhenTheExceptionLineIsCut) {
  // Debian_on_Buffalo#203: the excerpt starts after "exception Emask"; EH's
  // "ata1.00: failed command: READ FPDMA QUEUED" rows still open the error.
  SplitResult r = Split("library/hardware-ata-error/debian-on-buffalo-203-failed-command-cut.log");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].kind, EventKind::kIoError);
  EXPECT_EQ(r.events[0].headline, "ata1.00: failed command: READ FPDMA QUEUED");
  EXPECT_EQ(r.events[0].details.at("dev"), "ata1");
  EXPECT_EQ(r.events[0].first_line, 3u);
  EXPECT_EQ(r.events[0].details.at("errors"), "1");
}

TEST(DeviceErrors, EdacLinesContinueTheMachineCheck) {
  SplitResult a = Split("library/hardware-edac-memory-error/edac-utils-10-server1.log");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kMachineCheck);
  EXPECT_EQ(a.events[0].first_line, 1u);
  EXPECT_EQ(a.events[0].last_line, 8u);
  EXPECT_EQ(a.events[0].details.at("ecc"), "CE");
  EXPECT_EQ(a.events[0].details.at("memory_controller"), "0");
  EXPECT_EQ(a.events[0].details.at("bank"), "5");
  SplitResult b = Split("library/hardware-edac-memory-error/osm-300-errol-ce.log");
  ASSERT_EQ(b.events.size(), 1u);
  EXPECT_EQ(b.events[0].lines.size(), 8u);
  EXPECT_EQ(b.events[0].details.at("ecc"), "CE");
  EXPECT_EQ(Title(b.events[0]), "machine check: hardware error");
}

TEST(DeviceErrors, Ext4ErrorsOfOneDevice) {
  SplitResult r = Split("library/kernel-ext4-fs-error/raspibolt-253-find-entry.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kFsError);
  EXPECT_EQ(e.details.at("fs"), "ext4");
  EXPECT_EQ(e.details.at("dev"), "sda");
  EXPECT_EQ(e.details.at("function"), "ext4_find_entry");
  EXPECT_EQ(e.details.at("errors"), "3");
  EXPECT_EQ(LineNumbers(e), (Lines{1, 2, 3}));
  EXPECT_FALSE(titles::TitleForEvent(e).crash);
  // The periodic "error count since last fsck" and the warning come before
  // the error: only the error line opens an event.
  SplitResult h = Split("library/kernel-ext4-fs-error/haos-1401-dirblock-csum.log");
  ASSERT_EQ(h.events.size(), 1u);
  EXPECT_EQ(h.events[0].details.at("dev"), "sda7");
  EXPECT_EQ(h.events[0].details.at("function"), "__ext4_find_entry");
  EXPECT_EQ(LineNumbers(h.events[0]), (Lines{5}));
}

TEST(DeviceErrors, XfsCorruptionWithItsBufferDump) {
  SplitResult r = Split("library/kernel-xfs-corruption-shutdown/fcos-784-metadata-corruption.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kFsError);
  EXPECT_EQ(e.details.at("fs"), "xfs");
  EXPECT_EQ(e.details.at("dev"), "vda4");
  EXPECT_EQ(e.details.at("errors"), "2");
  // The dump rows before the first message belong to an earlier, cut report.
  EXPECT_EQ(e.first_line, 3u);
  EXPECT_EQ(e.last_line, 14u);
  EXPECT_EQ(e.lines.size(), 12u);
}

TEST(DeviceErrors, BtrfsErrorsPerFilesystem) {
  SplitResult a = Split("library/kernel-btrfs-error/op-build-1685-open-ctree-4.14.log");
  ASSERT_EQ(a.events.size(), 2u);
  EXPECT_EQ(a.events[0].kind, EventKind::kFsError);
  EXPECT_EQ(a.events[0].details.at("dev"), "dm-2");
  EXPECT_EQ(LineNumbers(a.events[0]), (Lines{5, 6, 7, 8}));
  EXPECT_EQ(a.events[1].details.at("dev"), "sda");
  EXPECT_EQ(LineNumbers(a.events[1]), (Lines{9, 10, 11, 12}));
  // The csum warning joins the errors; "BTRFS info" lines do not; the block
  // layer error of the same disk is an io_error of its own.
  SplitResult b = Split("library/kernel-btrfs-error/btrfs-progs-603-zns-errs.log");
  ASSERT_EQ(b.events.size(), 2u);
  EXPECT_EQ(b.events[0].kind, EventKind::kFsError);
  EXPECT_EQ(LineNumbers(b.events[0]), (Lines{1, 4, 12, 14}));
  EXPECT_EQ(b.events[0].details.at("errors"), "3");
  EXPECT_EQ(b.events[1].kind, EventKind::kIoError);
  EXPECT_EQ(b.events[1].details.at("dev"), "nvme0n1");
  EXPECT_EQ(LineNumbers(b.events[1]), (Lines{3}));
}

TEST(DeviceErrors, SuspendedOpenZfsPool) {
  SplitResult a = Split("library/openzfs-pool-suspended/iml-340-zfs-0.7.1.log");
  ASSERT_EQ(a.events.size(), 1u);
  EXPECT_EQ(a.events[0].kind, EventKind::kIoError);
  EXPECT_EQ(a.events[0].details.at("pool"), "zfs_pool_scsi0QEMU_QEMU_HARDDISK_disk11");
  EXPECT_EQ(a.events[0].details.at("suspended"), "true");
  EXPECT_EQ(LineNumbers(a.events[0]), (Lines{2}));
  // The titles module's report scanner knows this line: its title, not "zio error on pool".
  EXPECT_TRUE(
      Title(a.events[0])
          .starts_with("WARNING: Pool 'zfs_pool_scsi0QEMU_QEMU_HARDDISK_disk11' has encountered"))
      << Title(a.events[0]);
  // SPL 0.6.3's "SPLError: ...vcmn_err()) WARNING: Pool 'tank' ...": the
  // first two 3 s apart are one event, the third, 15 minutes later, another.
  SplitResult b = Split("library/openzfs-pool-suspended/spl-417-splerror-0.6.3.log");
  ASSERT_EQ(b.events.size(), 2u);
  EXPECT_EQ(b.events[0].details.at("pool"), "tank");
  EXPECT_EQ(b.events[0].details.count("op"), 0u);
  EXPECT_EQ(LineNumbers(b.events[0]), (Lines{1, 2}));
  EXPECT_EQ(LineNumbers(b.events[1]), (Lines{3}));
}

TEST(DeviceErrors, ZedChecksumZeventsAreOneEventPerPool) {
  // zed's all-syslog.sh lines as journalctl shows them (openzfs/zfs#10612):
  // seven class=checksum zevents on four vdevs of one pool, with a
  // class=zpool and a class=data line between them that are no errors.
  SplitResult r = Split("library/openzfs-checksum-errors/zfs-10612-zed-checksum.log");
  ASSERT_EQ(r.events.size(), 1u);
  const Event& e = r.events[0];
  EXPECT_EQ(e.kind, EventKind::kIoError);
  EXPECT_EQ(e.details.at("dev"), "0x4A33D7952CA15248");
  EXPECT_EQ(e.details.at("pool"), "0x4A33D7952CA15248");
  EXPECT_EQ(e.details.at("class"), "checksum");
  EXPECT_EQ(e.details.at("vdev"), "/dev/disk/by-id/scsi-SATA_ST12000VN0007-2G_ZCH0C0K9-part1");
  EXPECT_EQ(e.details.at("errors"), "7");
  EXPECT_EQ(LineNumbers(e), (Lines{1, 2, 3, 4, 7, 8, 9}));
}

TEST(DeviceErrors, ZedChecksumLineForms) {
  // The 2.1.0+ all-syslog.sh form (cmd/zed/zed.d/all-syslog.sh; hand-written
  // from that script's format): the pool is named, quoted.
  auto named = ParseDeviceLine(
      "zed: eid=5 class=checksum pool='tank' vdev=sdb1 algorithm=fletcher4 size=131072 "
      "offset=4194304 priority=0 err=52 flags=0x180880 bookmark=54:1:0:12");
  ASSERT_TRUE(named);
  EXPECT_TRUE(named->error);
  EXPECT_EQ(named->family, "zevent");
  EXPECT_EQ(named->device, "tank");
  // Other zevent classes are not checksum errors.
  EXPECT_FALSE(ParseDeviceLine("zed: eid=78687 class=zpool pool_guid=0x4A33D7952CA15248  "));
  EXPECT_FALSE(ParseDeviceLine("zed: eid=6 class=io pool='tank' vdev=sdb1 err=5"));
  // vdev_disk.c's error=52 is EBADE from the block layer (BLK_STS_NEXUS), a
  // zio line of its vdev like any other, not a checksum zevent.
  auto zio =
      ParseDeviceLine("zio pool=tank vdev=/dev/sdb1 error=52 type=1 offset=0 size=4096 flags=0");
  ASSERT_TRUE(zio);
  EXPECT_EQ(zio->family, "zio");
  EXPECT_EQ(zio->device, "/dev/sdb1");
}

TEST(DeviceErrors, ArmTraceCutAfterItsLastLineKeepsTheCaller) {
  SplitResult r = Split("library/kernel-hung-task-nfs/rpi-2482-nfs-fsync-arm-4.14.log");
  // The hung task, and one notice per "nfs: server ... not responding" and
  // "nfs: server ... OK" line before it.
  ASSERT_EQ(r.events.size(), 5u);
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(r.events[i].kind, EventKind::kNotice);
  EXPECT_EQ(r.events[3].headline, "nfs: server ease OK");
  const Event& e = r.events[4];
  EXPECT_EQ(e.kind, EventKind::kHungTask);
  EXPECT_EQ(e.details.at("ppid"), "24912");  // "objcopy         D    0 24916  24912 0x00000000"
  EXPECT_EQ(e.details.at("state"), "D");
  ASSERT_EQ(e.frames.size(), 7u);
  EXPECT_EQ(e.frames[5].function, "filemap_write_and_wait_range");
  EXPECT_EQ(e.frames[6].function, "nfs_file_fsync");
  EXPECT_EQ(e.frames[6].offset, 0x30u);
  EXPECT_EQ(e.frames[6].address, 0x803db1c4u);
  EXPECT_EQ(e.frames[6].line, 14u);
}

TEST(DeviceErrors, ParseDeviceLine) {
  auto nvme = ParseDeviceLine("nvme nvme0: I/O 900 (I/O Cmd) QID 2 timeout, aborting");
  ASSERT_TRUE(nvme);
  EXPECT_TRUE(nvme->error);
  EXPECT_EQ(nvme->device, "nvme0");
  auto ns = ParseDeviceLine(
      "nvme0n1: I/O Cmd(0x2) @ LBA 1336320, 32 blocks, I/O Error (sct 0x3 / sc 0x71)");
  ASSERT_TRUE(ns);
  EXPECT_TRUE(ns->error);
  EXPECT_EQ(GroupDevice(*ns), "nvme0");
  auto polled = ParseDeviceLine("nvme nvme0: Abort status: 0x0");
  ASSERT_TRUE(polled);
  EXPECT_FALSE(polled->error);
  auto xfs = ParseDeviceLine(
      "XFS (dm-4): xfs_do_force_shutdown(0x1) called from line 1788 of file fs/xfs/xfs_inode.c.  "
      "Return address = 000000009d022bf1");
  ASSERT_TRUE(xfs);
  EXPECT_TRUE(xfs->error);
  EXPECT_EQ(xfs->kind, EventKind::kFsError);
  EXPECT_EQ(xfs->device, "dm-4");
  EXPECT_FALSE(
      ParseDeviceLine("XFS (dm-4): Please umount the filesystem and rectify the problem(s)")
          ->error);
  EXPECT_FALSE(ParseDeviceLine(
      "BTRFS info (device nvme0n1): reclaiming chunk 20132659200 with 0% used 100% unusable"));
  EXPECT_FALSE(ParseDeviceLine("blk_print_req_error: 291 callbacks suppressed"));
  auto mmp = ParseDeviceLine(
      "WARNING: MMP writes to pool 'Pool-0' have not succeeded in over 5s; suspending pool");
  ASSERT_TRUE(mmp);
  EXPECT_TRUE(mmp->error);
  EXPECT_EQ(mmp->family, "zpool");
  EXPECT_EQ(mmp->device, "Pool-0");
  EXPECT_FALSE(ParseDeviceLine("WARNING: the mand mount option is being deprecated"));
  EXPECT_FALSE(ParseDeviceLine("nvme nvme0: pci function 0000:01:00.0")->error);
  EXPECT_FALSE(ParseDeviceLine("sd 0:0:0:0: [sda] 1953525168 512-byte logical blocks")->error);
  auto timeout = ParseDeviceLine("sd 2:0:0:0: [sdb] tag#3 timing out command, waited 180s");
  ASSERT_TRUE(timeout);
  EXPECT_TRUE(timeout->error);
  EXPECT_EQ(timeout->device, "sdb");
  EXPECT_TRUE(ParseDeviceLine("sd 10:0:0:0: rejecting I/O to offline device")->error);
  EXPECT_FALSE(ParseDeviceLine("sd 11:0:5:0: task abort: SUCCESS scmd(0x00000000ec158cca)")->error);
}

TEST(DeviceErrors, OldXfsAndMdRaidLines) {
  // ml-xfs-2009-october-004285.log and gh-lvmteam-lvm2-120.log (corpus/wild).
  auto io = ParseDeviceLine("I/O error in filesystem (\"sda2\") meta-data dev sda2 block 0xf054f4");
  ASSERT_TRUE(io);
  EXPECT_EQ(io->kind, EventKind::kIoError);
  EXPECT_EQ(io->device, "sda2");
  auto shutdown = ParseDeviceLine("xfs_force_shutdown(sda2,0x2) called from line 956 of file");
  ASSERT_TRUE(shutdown);
  EXPECT_EQ(shutdown->kind, EventKind::kFsError);
  EXPECT_EQ(shutdown->family, "xfs");
  EXPECT_EQ(shutdown->device, "sda2");
  auto md = ParseDeviceLine("md/raid:mdX: Disk failure on dm-25, disabling device.");
  ASSERT_TRUE(md);
  EXPECT_TRUE(md->error);
  EXPECT_EQ(md->family, "md");
  EXPECT_EQ(md->device, "dm-25");
  EXPECT_FALSE(ParseDeviceLine("md/raid:mdX: device dm-25 operational as raid disk 0"));
  EXPECT_FALSE(ParseDeviceLine("random: crng init done"));
}

}  // namespace
}  // namespace crashsift::events
