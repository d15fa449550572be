#include "analyzer/diagnosis/affected.h"

namespace crashsift::diagnosis {

std::string_view ToString(Affected affected) {
  switch (affected) {
    case Affected::kYes:
      return "true";
    case Affected::kNo:
      return "false";
    case Affected::kUnknown:
      return "unknown";
  }
  return "unknown";
}

AffectedVerdict ComputeAffected(const matching::Signature& s, const events::SystemFacts* facts) {
  AffectedVerdict v;
  if (s.affected.empty()) {
    v.reason = "the signature names no affected versions";
    return v;
  }
  bool any_no = false;
  bool any_unknown = false;
  std::string inside_parts;
  std::string outside_parts;
  std::string unknown_parts;
  auto join = [](std::string& to, const std::string& part) {
    if (!to.empty()) to += " and ";
    to += part;
  };
  for (const matching::AffectedRule& rule : s.affected) {
    std::optional<Version> version;
    std::string label;
    if (rule.component == matching::Component::kKernel) {
      if (facts) version = facts->kernel_upstream ? facts->kernel_upstream : facts->kernel;
      if (version) {
        label = "kernel " + facts->kernel_release;
        if (facts->kernel_upstream && facts->kernel &&
            facts->kernel_upstream->UpstreamString() != facts->kernel->UpstreamString()) {
          label += " (upstream " + facts->kernel_upstream->UpstreamString() + ")";
        }
      } else {
        v.missing.kernel = true;
        join(unknown_parts,
             "the kernel version is not in the log (no 'Linux version' banner or CPU: line)");
      }
    } else {
      if (facts) version = facts->zfs;
      if (version) {
        label = "ZFS " + (facts->zfs_release.empty() ? version->original : facts->zfs_release);
      } else {
        v.missing.zfs = true;
        join(unknown_parts, "the ZFS version is not in the log (no 'ZFS: Loaded module' line)");
      }
    }
    if (!version) {
      any_unknown = true;
      continue;
    }
    std::string why;
    matching::RangeVerdict in =
        rule.component == matching::Component::kKernel
            ? matching::KernelInRanges(rule.ranges, *version, facts->kernel_upstream.has_value(),
                                       &why)
            : matching::ZfsInRanges(rule.ranges, *version, &why);
    if (in != matching::RangeVerdict::kUnknown && matching::InAnyRange(rule.unverified, *version)) {
      in = matching::RangeVerdict::kUnknown;
      why = rule.unverified_why;
    }
    if (in == matching::RangeVerdict::kUnknown) {
      any_unknown = true;
      join(unknown_parts, label + " " + why);
      continue;
    }
    if (in == matching::RangeVerdict::kInside) {
      join(inside_parts, label + " " + rule.inside);
    } else {
      any_no = true;
      join(outside_parts, label + " " + rule.outside);
    }
  }
  if (any_no) {
    v.affected = Affected::kNo;
    v.reason = outside_parts;
    if (!inside_parts.empty()) v.reason += ", although " + inside_parts;
  } else if (any_unknown) {
    v.affected = Affected::kUnknown;
    v.reason = unknown_parts;
    if (!inside_parts.empty()) v.reason = inside_parts + ", but " + v.reason;
  } else {
    v.affected = Affected::kYes;
    v.reason = inside_parts;
  }
  return v;
}

}  // namespace crashsift::diagnosis
