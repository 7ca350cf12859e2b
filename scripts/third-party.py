#!/usr/bin/env python3
"""Writes the licences of every crate linked into the wengao binary (a binary
distribution carries its dependencies' notices). In: `cargo metadata`. Out: one
text file, crate by crate: name, version, licence expression, and the licence
files the crate ships."""
import json, os, subprocess, sys

meta = json.loads(subprocess.check_output(
    ["cargo", "metadata", "--format-version", "1", "--locked",
     "--filter-platform", "x86_64-unknown-linux-gnu"]))
nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
packages = {p["id"]: p for p in meta["packages"]}
root = meta["resolve"]["root"]
# What the binary links: normal dependencies (no dev, no build-only ones), transitively.
seen, todo = set(), [root]
while todo:
    pid = todo.pop()
    for dep in nodes[pid]["deps"]:
        if any(k["kind"] in (None, "normal") for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
            seen.add(dep["pkg"])
            todo.append(dep["pkg"])
out = open(sys.argv[1], "w", encoding="utf-8")
out.write("Third-party crates linked into wengao, with their licences\n\n")
for pid in sorted(seen, key=lambda i: (packages[i]["name"], packages[i]["version"])):
    p = packages[pid]
    out.write(f"{'=' * 72}\n{p['name']} {p['version']} — {p.get('license') or 'see below'}\n{'=' * 72}\n")
    folder = os.path.dirname(p["manifest_path"])
    files = sorted(f for f in os.listdir(folder)
                   if f.upper().startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE")))
    for f in files:
        path = os.path.join(folder, f)
        if os.path.isfile(path):
            out.write(f"--- {f} ---\n")
            out.write(open(path, encoding="utf-8", errors="replace").read().rstrip() + "\n\n")
print(f"{len(seen)} crates")
