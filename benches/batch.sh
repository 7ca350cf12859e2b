#!/usr/bin/env bash
# Batch and whole-process benchmarks for wengao (see README, "Benchmarks").
#
#   bash benches/batch.sh [N ...]        default N = 50 500
#
# For each N it generates N seed-sized documents (copies of the seed collection
# with distinct titles) in a temporary folder, then times
#   cold: `wengao build DIR -f md,html,pdf` into an empty output folder;
#   warm: the same again with nothing changed (every document skipped);
#   with docx: cold again, into another folder, with -f md,html,pdf,docx;
# and reports wall time and peak memory (RSS). It also times one whole process
# building the seed collection to PDF (hyperfine when installed).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/wengao
seed=$PWD/samples/union-plans-collection.toml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" "$@" 2>&1 >/dev/null | tail -1
}

echo "## one process: seed collection → PDF"
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs 30 -N --export-markdown "$work/h.md" \
    "$bin build $seed -o $work/one -f pdf -q --force" >/dev/null
  cat "$work/h.md"
else
  for i in 1 2 3 4 5; do measure "$bin" build "$seed" -o "$work/one" -f pdf --force -q; done
fi
echo
echo "| N | cold (s) | cold peak RSS (MB) | warm (s) | warm peak RSS (MB) | per document cold (ms) | cold with docx (s) |"
echo "|---|---|---|---|---|---|---|"
for n in "${@:-50 500}"; do
  for n1 in $n; do
    dir=$work/docs$n1
    mkdir -p "$dir"
    for i in $(seq 1 "$n1"); do
      sub=$dir/school$(( i % 10 ))
      mkdir -p "$sub"
      sed "1,/^title = /s/^title = \"/title = \"第${i}校 /" "$seed" > "$sub/doc$i.toml"
    done
    read -r cold cold_kb < <(measure "$bin" build "$dir" -o "$work/out$n1" -f md,html,pdf -q)
    read -r warm warm_kb < <(measure "$bin" build "$dir" -o "$work/out$n1" -f md,html,pdf -q)
    read -r docx _ < <(measure "$bin" build "$dir" -o "$work/docx$n1" -f md,html,pdf,docx -q)
    per=$(awk -v t="$cold" -v n="$n1" 'BEGIN { printf "%.1f", t * 1000 / n }')
    echo "| $n1 | $cold | $((cold_kb / 1024)) | $warm | $((warm_kb / 1024)) | $per | $docx |"
  done
done
