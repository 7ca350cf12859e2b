#!/usr/bin/env bash
# Builds the release archive for the Linux servers offices have:
#   dist/wengao-VERSION-x86_64-unknown-linux-gnu.tar.gz (+ .sha256)
# holding the binary (fonts inside), README, docs, wengao's, the fonts' and every
# linked crate's licences, and SHA256SUMS.
# The binary is linked against glibc 2.17 (CentOS 7; UOS 20 and Kylin V10 have
# 2.28) with cargo-zigbuild, zig as the C compiler and linker: both come from PyPI.
#
#   bash scripts/dist.sh            # build the archive
#   bash scripts/dist.sh --check    # build it, then check what it needs and run it
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-unknown-linux-gnu
GLIBC=2.17
python3 -c "import ziglang" 2>/dev/null && command -v cargo-zigbuild >/dev/null ||
  python3 -m pip install -q "ziglang==0.15.2" "cargo-zigbuild==0.24.1"

VERSION=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
NAME="wengao-$VERSION-$TARGET"
# Its own target folder: the glibc-2.17 link must not mix with the usual builds.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-target}/dist"
cargo zigbuild --release --locked --target "$TARGET.$GLIBC"
BIN="$CARGO_TARGET_DIR/$TARGET/release/wengao"

STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/$NAME/fonts" "$STAGE/$NAME/docs"
cp "$BIN" "$STAGE/$NAME/wengao"
cp README.md "$STAGE/$NAME/"
cp docs/*.md "$STAGE/$NAME/docs/"
cp fonts/README.md fonts/LICENSE-*.txt "$STAGE/$NAME/fonts/"
cp LICENSE-MIT LICENSE-APACHE "$STAGE/$NAME/"
python3 scripts/third-party.py "$STAGE/$NAME/THIRD-PARTY-LICENSES.txt" >/dev/null
(cd "$STAGE/$NAME" && find . -type f ! -name SHA256SUMS -print0 | sort -z | xargs -0 sha256sum > SHA256SUMS)

mkdir -p dist
# Reproducible: fixed owner, order and times (SOURCE_DATE_EPOCH or the commit's).
EPOCH="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$EPOCH" \
  -C "$STAGE" -cf - "$NAME" | gzip -n -9 > "dist/$NAME.tar.gz"
(cd dist && sha256sum "$NAME.tar.gz" > "$NAME.tar.gz.sha256")
echo "wrote dist/$NAME.tar.gz ($(du -h "dist/$NAME.tar.gz" | cut -f1))"

if [ "${1:-}" = "--check" ]; then
  bash scripts/check-dist.sh "dist/$NAME.tar.gz"
fi
