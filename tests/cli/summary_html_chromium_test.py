#!/usr/bin/env python3
"""The HTML summary loaded in headless Chromium (Debian's chromium): the DOM
the browser builds holds one row per bucket with the summary's counts, one
bar per bucket in the inline SVG chart (up to 40), the table by kernel and
ZFS version, and links to example inputs; the page asks for nothing over the
network. Skips (exit 77) when chromium is not installed.

usage: summary_html_chromium_test.py CRASHSIFT CORPUS_DIR
"""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile

SKIP = 77


class Dom(html.parser.HTMLParser):
    """The elements of the dumped DOM that the test reads."""

    def __init__(self):
        super().__init__()
        self.rows = []  # (data-id, data-count) of tr.bucket
        self.bars = []  # data-count of rect.bar
        self.version_rows = 0
        self.example_links = []
        self.resources = []  # src/href that would go to the network
        self.in_svg = False
        self.svg_count = 0
        self.totals = {}
        self._span = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        for key in ("src", "href"):
            value = a.get(key) or ""
            if value.startswith(("http:", "https:", "//")):
                self.resources.append(value)
        if tag == "link" or tag == "script" and "src" in a:
            self.resources.append(str(a))
        if tag == "svg" and a.get("id") == "bucket-chart":
            self.svg_count += 1
        if tag == "tr" and "bucket" in classes:
            self.rows.append((a.get("data-id"), int(a.get("data-count"))))
        if tag == "tr" and "version" in classes:
            self.version_rows += 1
        if tag == "rect" and "bar" in classes:
            self.bars.append(int(a.get("data-count")))
        if tag == "a" and "example" in classes:
            self.example_links.append(a.get("href"))
        if tag == "span" and a.get("id") in ("inputs", "failed", "bucket-count"):
            self._span = a.get("id")

    def handle_data(self, data):
        if self._span:
            self.totals[self._span] = int(data)
            self._span = None


def main():
    crashsift, corpus = sys.argv[1], sys.argv[2]
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        print("SKIPPED: chromium not found (install Debian's chromium to run this test)")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="crashsift-html-") as tmp:
        records = os.path.join(tmp, "out.jsonl")
        page = os.path.join(tmp, "summary.html")
        subprocess.run([crashsift, "batch", "-q", "-j", "2", "-o", records, "--summary", page,
                        "--summary-format", "html", corpus], check=True)
        summary = json.loads(subprocess.run(
            [crashsift, "summary", "--summary-format", "json", records],
            check=True, capture_output=True, text=True).stdout)
        dom_text = subprocess.run(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-extensions", "--user-data-dir=" + os.path.join(tmp, "profile"),
             # Anything the page asked of the network would fail, visibly.
             "--host-resolver-rules=MAP * ~NOTFOUND", "--dump-dom", "file://" + page],
            check=True, capture_output=True, text=True, timeout=120).stdout
    dom = Dom()
    dom.feed(dom_text)

    expected = [(b["id"], b["count"]) for b in summary["buckets"]]
    assert dom.rows == expected, (len(dom.rows), len(expected), dom.rows[:3], expected[:3])
    assert dom.bars == [c for _, c in expected[:40]], dom.bars[:5]
    assert dom.svg_count == 1, dom.svg_count
    assert dom.totals == {"inputs": summary["inputs"], "failed": summary["failed"],
                          "bucket-count": len(expected)}, dom.totals
    assert sum(c for _, c in dom.rows) == summary["inputs"]
    assert dom.version_rows >= 2, dom.version_rows
    assert len(dom.example_links) >= len(expected), len(dom.example_links)
    assert all(link.startswith("file:///") for link in dom.example_links), dom.example_links[:3]
    assert not dom.resources, dom.resources
    print(f"PASSED: {len(dom.rows)} bucket rows, {len(dom.bars)} bars, "
          f"{dom.version_rows} kernel/ZFS rows, {summary['inputs']} inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
