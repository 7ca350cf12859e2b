#!/usr/bin/env python3
"""wengao against typst on the seed collection, interleaved, on this machine.

    python3 benches/vs_typst.py [ROUNDS]      (after `cargo build --release`)

In: the seed sample (samples/union-plans-collection.toml) and the release binary.
Out: median times and the ratio wengao / typst, printed.

The same text goes to both: wengao's own Markdown of the seed is turned into
typst markup (headings, paragraphs, list items, the month table) set in the same
bundled Fandol faces on A4 with the GB/T 9704 margins, so typst lays out and
embeds as much as wengao does. typst is the Python binding from PyPI (installed
here when missing): a "typst process" is `python3 -c 'import typst; compile'`,
and since Python's own start is not typst's work, the start of a python that
only imports typst is measured too and subtracted. The runs alternate (wengao,
typst, python, wengao, …) so a busy moment hurts both alike; before each run
the file system is synced, untimed, so that no run pays for the writes of the
one before it.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WENGAO = os.environ.get("WENGAO_BIN") or os.path.join(ROOT, "target", "release", "wengao")
SEED = os.path.join(ROOT, "samples", "union-plans-collection.toml")
TYPST_VERSION = "0.15.2"
SYNC = os.environ.get("VS_TYPST_SYNC", "1") != "0"


def ensure_typst():
    try:
        import typst  # noqa: F401
    except ImportError:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "-q", f"typst=={TYPST_VERSION}"])


def escape(text):
    """Plain text as typst markup."""
    text = re.sub(r"\\(.)", r"\1", text)  # Markdown escapes off
    text = text.replace("**", "")
    return re.sub(r"([\\#$*_`<>@\[\]=~/+-])", r"\\\1", text)


def typst_source(markdown):
    out = [
        '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),'
        ' numbering: "— 1 —", number-align: center)',
        '#set text(font: "FandolFang", size: 16pt, lang: "zh")',
        '#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 0.8em)',
        '#show heading.where(level: 1): set text(font: "FandolSong", size: 22pt)',
        '#show heading: set text(font: "FandolHei", size: 16pt)',
    ]
    table = []
    for line in markdown.splitlines():
        line = re.sub(r"\s*\{[^}]*\}\s*$", "", line).rstrip()
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                table.append(cells)
            continue
        if table:
            cols = len(table[0])
            body = ", ".join(f"[{escape(c)}]" for row in table for c in row[:cols])
            out.append(f"#table(columns: {cols}, {body})")
            table = []
        heading = re.match(r"^(#+)\s+(.*)", line)
        item = re.match(r"^\s*(?:[-*]|\d+\.)\s+(.*)", line)
        if heading:
            out.append("=" * min(len(heading.group(1)), 6) + " " + escape(heading.group(2)))
        elif item:
            out.append("- " + escape(item.group(1)))
        else:
            out.append(escape(line))
    return "\n".join(out) + "\n"


def timed(cmd):
    # Dirty pages of the run before are written out first, untimed: wengao
    # fsyncs its output before renaming it into place (typst does not), and on
    # ext4 that fsync also writes out whatever the previous process (typst's PDF)
    # left dirty, charging one tool for the other's writes (VS_TYPST_SYNC=0:
    # not synced).
    if SYNC:
        os.sync()
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    if not os.path.exists(WENGAO):
        sys.exit("build the release binary first: cargo build --release")
    ensure_typst()
    import typst

    work = tempfile.mkdtemp(prefix="wengao-vs-typst-")
    markdown = subprocess.run(
        [WENGAO, "build", SEED, "-o", work, "-f", "md", "-q", "--force"], check=True, capture_output=True
    )
    md = open(os.path.join(work, "union-plans-collection.md"), encoding="utf-8").read()
    typ = os.path.join(work, "seed.typ")
    open(typ, "w", encoding="utf-8").write(typst_source(md))
    fonts = os.path.join(ROOT, "fonts")
    pdf = os.path.join(work, "seed-typst.pdf")
    typst.compile(typ, output=pdf, font_paths=[fonts])
    pages = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    print("typst", typst.__version__ if hasattr(typst, "__version__") else TYPST_VERSION,
          "pages:", re.search(r"Pages:\s+(\d+)", pages).group(1) if pages else "?")

    wengao_cmd = [WENGAO, "build", SEED, "-o", work, "-f", "pdf", "-q", "--force"]
    typst_cmd = [sys.executable, "-c",
                 "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], font_paths=[sys.argv[3]])",
                 typ, pdf, fonts]
    python_cmd = [sys.executable, "-c", "import typst"]
    times = {"wengao": [], "typst": [], "python": []}
    for _ in range(3):  # warm the page cache
        timed(wengao_cmd), timed(typst_cmd)
    for _ in range(rounds):
        times["wengao"].append(timed(wengao_cmd))
        times["typst"].append(timed(typst_cmd))
        times["python"].append(timed(python_cmd))
    # typst's compile alone, in this process, warm (its caches kept): the strictest reference.
    in_process = []
    for _ in range(rounds):
        start = time.perf_counter()
        typst.compile(typ, output=pdf, font_paths=[fonts])
        in_process.append(time.perf_counter() - start)

    med = {k: statistics.median(v) * 1000 for k, v in times.items()}
    typst_own = med["typst"] - med["python"]
    print(f"rounds: {rounds}")
    print(f"wengao, whole process:             {med['wengao']:7.1f} ms")
    print(f"typst via python, whole process:   {med['typst']:7.1f} ms")
    print(f"python + import typst alone:       {med['python']:7.1f} ms")
    print(f"typst's share of its process:      {typst_own:7.1f} ms")
    print(f"typst compile in process (warm):   {statistics.median(in_process) * 1000:7.1f} ms")
    print(f"ratio wengao / typst process:      {med['wengao'] / med['typst']:.3f}")
    print(f"ratio wengao / typst's own share:  {med['wengao'] / typst_own:.3f}")


if __name__ == "__main__":
    main()
