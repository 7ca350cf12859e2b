#!/usr/bin/env bash
# Checks a release archive as an office's server would meet it: its checksum,
# the glibc symbol versions the binary needs (nothing newer than GLIBC_2.17),
# and the unpacked binary building the samples. Prints "N passed, M failed".
set -uo pipefail
ARCHIVE=${1:?usage: check-dist.sh dist/wengao-VERSION-TARGET.tar.gz}
cd "$(dirname "$0")/.."
passed=0 failed=0
check() { # name, command…
  local name=$1; shift
  if out=$("$@" 2>&1); then echo "PASS $name"; passed=$((passed+1));
  else echo "FAIL $name"; echo "$out" | tail -20 | sed 's/^/  /'; failed=$((failed+1)); fi
}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
check "checksum" bash -c "cd $(dirname "$ARCHIVE") && sha256sum -c $(basename "$ARCHIVE").sha256"
tar -C "$WORK" -xzf "$ARCHIVE"
BIN=$(echo "$WORK"/wengao-*/wengao)
newest_glibc() {
  objdump -T "$BIN" | grep -o 'GLIBC_[0-9.]*' | sort -u -t. -k1,1 -k2,2n -k3,3n | tail -1
}
check "glibc symbols at most GLIBC_2.17 (newest: $(newest_glibc))" \
  bash -c "! objdump -T '$BIN' | grep -o 'GLIBC_[0-9.]*' | sort -u | awk -F'[_.]' '\$2>2 || (\$2==2 && \$3>17)' | grep ."
check "no libraries beyond glibc's" bash -c \
  "! objdump -p '$BIN' | awk '/NEEDED/ {print \$2}' | grep -v -E '^(libc|libm|libdl|libpthread|librt|libgcc_s|ld-linux-x86-64)\.so'"
check "--version names the commit" bash -c "'$BIN' --version | grep -E 'wengao [0-9.]+ \([0-9a-f]{7,}\)'"
check "builds the samples (md, html, pdf, docx)" bash -c \
  "cd '$WORK' && '$BIN' build '$OLDPWD/samples' -o out -f md,html,pdf,docx -q && ls out/*.pdf out/*.docx >/dev/null"
check "the PDFs pass pdfcheck" bash -c \
  "for f in '$WORK'/out/school-plan.pdf '$WORK'/out/union-plans-collection.pdf; do python3 tests/pdfcheck.py \"\$f\" >/dev/null || exit 1; done"
check "the archive's checksums" bash -c "cd '$WORK'/wengao-* && sha256sum -c --quiet SHA256SUMS"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
