#!/usr/bin/env python3
"""Print a DOCX through LibreOffice as a duplex office printer would, and say
where everything landed, for the 公文 frame's tests (tests/it/official_docx.rs).

usage: frameprint.py FILE.docx --fonts DIR --out DIR

The print is docxcheck.py's (the same font mapping), but with the blank pages
LibreOffice inserts for an even-page section break kept, as paper has them.
Prints one JSON object: {"pages": [{"lines": [...], "rules": [...]}]} with every
text line (text, top/bottom/x0/x1 in mm from the page's top-left, size in pt,
font name, red: whether its characters are RGB 1 0 0) and every rule (top, x0,
x1, width in mm, red).
"""
import argparse
import json
import os
import subprocess
import sys
import zipfile

import pdfplumber

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docxcheck  # noqa: E402

MM = 25.4 / 72


def red(colour):
    return isinstance(colour, (tuple, list)) and tuple(round(c, 2) for c in colour) == (1.0, 0.0, 0.0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("docx")
    ap.add_argument("--fonts", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    # LibreOffice takes its profile as a file:// URL: an absolute path.
    a.out, a.docx = os.path.abspath(a.out), os.path.abspath(a.docx)
    os.makedirs(a.out, exist_ok=True)
    z = zipfile.ZipFile(a.docx)
    _, _, east = docxcheck.structure(a.docx, lambda *args: None)
    conf, _ = docxcheck.fontconfig(a.out, east, a.fonts)
    env = dict(os.environ, FONTCONFIG_FILE=conf, HOME=a.out)
    keep_blank = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'
    subprocess.run(["soffice", f"-env:UserInstallation=file://{a.out}/profile", "--headless", "--norestore",
                    "--convert-to", keep_blank, "--outdir", a.out, a.docx],
                   capture_output=True, env=env, timeout=300, check=True)
    z.close()
    pdf = os.path.join(a.out, os.path.splitext(os.path.basename(a.docx))[0] + ".pdf")
    pages = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            rows = {}
            for c in page.chars:
                rows.setdefault(round(c["top"], 1), []).append(c)
            lines = []
            for top in sorted(rows):
                cs = sorted(rows[top], key=lambda c: c["x0"])
                lines.append({
                    "text": "".join(c["text"] for c in cs),
                    "top": top * MM, "bottom": cs[0]["bottom"] * MM,
                    "x0": cs[0]["x0"] * MM, "x1": cs[-1]["x1"] * MM,
                    "size": round(cs[0]["size"], 1), "font": cs[0]["fontname"],
                    "red": [red(c.get("non_stroking_color")) for c in cs],
                })
            rules = []
            for r in page.lines + page.rects:
                if r["x1"] - r["x0"] < 20 / MM:
                    continue
                rules.append({"top": (r["top"] + r["bottom"]) / 2 * MM, "x0": r["x0"] * MM, "x1": r["x1"] * MM,
                              "width": (r.get("linewidth") or (r["bottom"] - r["top"])) * MM,
                              "red": red(r.get("stroking_color")) or red(r.get("non_stroking_color"))})
            pages.append({"lines": lines, "rules": rules})
    print(json.dumps({"pages": pages}, ensure_ascii=False))


if __name__ == "__main__":
    main()
