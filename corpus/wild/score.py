#!/usr/bin/env python3
"""Scores crashsift on the wild corpus (corpus/wild/index.tsv) field by field.

Runs `crashsift batch` once over every sample (or reads --results JSONL), compares each labelled field
with what crashsift found, and prints per-split rates. Misses are printed for the `dev` split only: the
`test` split is scored, never read while fixing (--show-test-misses exists for a later audit).

Exit status 1 when a split's rate for a field falls below its floor in floors.tsv (so the ctest catches a
regression), or when a diagnosis at confidence >= 0.5 contradicts the label (a wrong confident answer).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ["kinds", "release", "zfs", "hung_task", "top_signature"]
COLUMNS = ["file", "split", "source", "form", "arch", "kinds", "release", "zfs", "hung_task",
           "top_signature", "notes"]
CONFIDENT = 0.5
# Event kinds that the labels do not name (LABELS.md, "Event kinds").
UNLABELLED_KINDS = {"notice"}
# crashsift's arch names -> the labels' (LABELS.md).
ARCH_NAMES = {"aarch64": "arm64", "i686": "i386"}


def read_index(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != COLUMNS:
            sys.exit(f"{path}: header is not {COLUMNS}")
        for number, line in enumerate(f, start=2):
            cells = line.rstrip("\n").split("\t")
            if len(cells) != len(COLUMNS):
                sys.exit(f"{path}:{number}: {len(cells)} columns, want {len(COLUMNS)}")
            rows.append(dict(zip(COLUMNS, cells)))
    return rows


def run_batch(crashsift, files, jobs):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "wild.jsonl")
        subprocess.run([crashsift, "batch", "-j", str(jobs), "-o", out] + files,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return read_results(out)


def read_results(path):
    results = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            results[os.path.normpath(record["input"])] = record
    return results


def found_fields(record):
    """What crashsift says for each labelled field, in the labels' vocabulary."""
    events = record.get("events", [])
    system = record.get("system") or {}
    # `notice` events (one-line conditions such as "nf_conntrack: table full") are not reports:
    # LABELS.md's kinds have no such kind, so they are left out of the compared set.
    kinds = sorted({e["kind"] for e in events if e["kind"] not in UNLABELLED_KINDS})
    hung = "-"
    for e in events:
        if e["kind"] in ("hung_task", "blocked_task") and (e.get("task") or {}).get("comm"):
            hung = e["task"]["comm"]
            break
    diagnoses = record.get("diagnoses", [])
    top = diagnoses[0] if diagnoses else None
    return {
        "kinds": ",".join(kinds) if kinds else "-",
        "release": system.get("kernel") or "-",
        "zfs": system.get("zfs") or "-",
        "hung_task": hung,
        "top_signature": top["signature"] if top else "none",
        "confidence": top["confidence"] if top else 0.0,
        "arch": ARCH_NAMES.get(system.get("arch") or "unknown", system.get("arch") or "unknown"),
    }


def accepted(label):
    """The signature ids a top_signature label accepts. A `new:<id>` label names a class the library
    lacked when the log was labelled; it is a miss until the library has that class, and right once a
    signature with that id exists (README.md, Scoring)."""
    return [a[len("new:"):] if a.startswith("new:") else a for a in label.split("|")]


def field_right(field, label, found):
    if field == "top_signature":
        return found in accepted(label)
    if field == "kinds":
        return set(label.split(",")) == set(found.split(","))
    return label == found


def confidently_wrong(label, found):
    """A diagnosis at confidence >= 0.5 that the label does not accept."""
    if found["top_signature"] == "none" or found["confidence"] < CONFIDENT:
        return False
    return found["top_signature"] not in accepted(label)


def read_floors(path):
    floors = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                split, field, value = line.split()
                floors[(split, field)] = float(value)
    return floors


def write_floors(path, total, right, wrong_confident):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# split field floor: score.py (ctest WildCorpusScore) fails when a rate falls below its\n"
                "# floor or confident (>= 0.5) wrong diagnoses exceed wrong_confident. Written by\n"
                "# `score.py --raise-floors` after a measured improvement; never lowered to let a change pass.\n")
        for split in sorted(k for k in total if isinstance(k, str)):
            for field in FIELDS + ["all"]:
                rate = right[(split, field)] / total[split]
                f.write(f"{split} {field} {int(rate * 10000) / 10000:.4f}\n")
            arch_total = total[(split, "arch")]
            if arch_total:
                rate = right[(split, "arch")] / arch_total
                f.write(f"{split} arch {int(rate * 10000) / 10000:.4f}\n")
            f.write(f"{split} wrong_confident {wrong_confident[split]}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--crashsift", help="the crashsift binary (runs batch over the corpus)")
    parser.add_argument("--results", help="read a batch JSONL instead of running crashsift")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--show-test-misses", action="store_true")
    parser.add_argument("--split", choices=["dev", "test"], help="score only this split")
    parser.add_argument("--floors", default=os.path.join(HERE, "floors.tsv"))
    parser.add_argument("--raise-floors", action="store_true",
                        help="write the rates measured now as the floors (after an improvement)")
    args = parser.parse_args()

    rows = read_index(os.path.join(HERE, "index.tsv"))
    if args.split:
        rows = [r for r in rows if r["split"] == args.split]
    paths = {r["file"]: os.path.normpath(os.path.join(HERE, r["file"])) for r in rows}
    if args.results:
        results = read_results(args.results)
    elif args.crashsift:
        results = run_batch(args.crashsift, list(paths.values()), args.jobs)
    else:
        sys.exit("give --crashsift BINARY or --results FILE.jsonl")

    right = collections.Counter()
    total = collections.Counter()
    wrong_confident = collections.Counter()
    for row in rows:
        split = row["split"]
        record = results.get(paths[row["file"]])
        found = found_fields(record) if record else None
        show = split == "dev" or args.show_test_misses
        total[split] += 1
        all_right = record is not None
        for field in FIELDS:
            ok = found is not None and field_right(field, row[field], found[field])
            right[(split, field)] += ok
            all_right &= ok
            if not ok and show:
                got = found[field] if found else "(no result)"
                print(f"miss {split} {row['file']} {field}: want {row[field]!r} got {got!r}")
        right[(split, "all")] += all_right
        # The architecture is scored apart (not in "all"), on the logs whose
        # label names one.
        if row["arch"] != "unknown":
            total[(split, "arch")] += 1
            arch_ok = found is not None and found["arch"] == row["arch"]
            right[(split, "arch")] += arch_ok
            if not arch_ok and show:
                got = found["arch"] if found else "(no result)"
                print(f"miss {split} {row['file']} arch: want {row['arch']!r} got {got!r}")
        if found and confidently_wrong(row["top_signature"], found):
            wrong_confident[split] += 1
            if show:
                print(f"WRONG {split} {row['file']}: {found['top_signature']} at "
                      f"{found['confidence']:.2f}, want {row['top_signature']}")

    floors = read_floors(args.floors)
    if args.raise_floors:
        write_floors(args.floors, total, right, wrong_confident)
    failed = False
    print(f"{'split':6} {'logs':>5} " + " ".join(f"{f:>13}" for f in FIELDS + ["all"]) +
          "  wrong>=0.5   (arch: logs whose label names one)")
    for split in sorted(k for k in total if isinstance(k, str)):
        rates = []
        for field in FIELDS + ["all"]:
            rate = right[(split, field)] / total[split]
            rates.append(f"{100 * rate:12.1f}%")
            floor = floors.get((split, field))
            if floor is not None and rate + 1e-9 < floor:
                print(f"REGRESSION {split} {field}: {100 * rate:.1f}% < floor {100 * floor:.1f}%")
                failed = True
        arch_total = total[(split, "arch")]
        arch_rate = right[(split, "arch")] / arch_total if arch_total else 0.0
        print(f"{split:6} {total[split]:5} " + " ".join(rates) + f"  {wrong_confident[split]:10}" +
              f"   arch {100 * arch_rate:.1f}% of {arch_total}")
        floor = floors.get((split, "arch"))
        if floor is not None and arch_rate + 1e-9 < floor:
            print(f"REGRESSION {split} arch: {100 * arch_rate:.1f}% < floor {100 * floor:.1f}%")
            failed = True
        if (split, "wrong_confident") in floors and \
                wrong_confident[split] > floors[(split, "wrong_confident")]:
            print(f"REGRESSION {split}: {wrong_confident[split]} confident wrong diagnoses")
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
