#!/usr/bin/env bash
# Time and peak memory of one long PDF against its length: a plan of N sections
# (one heading and one paragraph each) for N = 2,000, 20,000 and 40,000.
#   bash benches/pages.sh            (after `cargo build --release`)
# Prints, per N: pages, seconds, peak resident memory; then the 20k/2k time ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${WENGAO_BIN:-target/release/wengao}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
declare -A secs
for n in 2000 20000 40000; do
  python3 - "$n" "$WORK/plan$n.toml" <<'PY'
import sys
n, path = int(sys.argv[1]), sys.argv[2]
s = ['title = "压力测试工作计划"', 'organization = "××小学工会"', 'date = 2024-12-28', '']
for i in range(1, n + 1):
    s += ['[[section]]', f'title = "第{i}项工作"',
          f'text = "以新时代思想为指导，深入学习贯彻会议精神，开展第{i}项专题学习教育和交流。"']
open(path, "w", encoding="utf-8").write("\n".join(s) + "\n")
PY
  /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" build "$WORK/plan$n.toml" -o "$WORK/out" -f pdf -q --force 2>/dev/null
  read -r s kb < "$WORK/time"
  pages=$(pdfinfo "$WORK/out/plan$n.pdf" | awk '/^Pages:/ {print $2}')
  secs[$n]=$s
  printf '%6d sections: %5d pages, %6.2f s, %5d MB peak\n' "$n" "$pages" "$s" $((kb / 1024))
done
python3 -c "print(f'20k/2k time: {${secs[20000]} / max(${secs[2000]}, 0.001):.1f}x')"
