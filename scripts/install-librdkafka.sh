#!/usr/bin/env bash
# Builds and installs librdkafka from Debian's source package into /usr/local.
#
# Why: Debian bookworm ships librdkafka 2.0.2, which mis-parses the tagged fields of modern
# brokers' ApiVersions responses (fixed in 2.3) and has cooperative-rebalance bugs fixed in 2.10.
# We build a pinned newer release from Debian's archive (sources only, never sid's binaries).
# Pin: sid's 2.14.2-1; if sid has moved on, fall back to trixie's 2.8.0, which still has
# librdkafka#4059 (a commit during a cooperative rebalance can lose the assignment).
set -euo pipefail

MIN_VERSION="${DATELINE_LIBRDKAFKA_MIN:-2.3.0}"
PINS=("sid:2.14.2-1" "trixie:2.8.0-1")

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -1)" = "$2" ]; }

current="$(PKG_CONFIG_PATH=/usr/local/lib/pkgconfig pkg-config --modversion rdkafka 2>/dev/null || true)"
if [ -n "$current" ] && version_ge "$current" "$MIN_VERSION"; then
    echo "librdkafka $current already installed (>= $MIN_VERSION)"
    exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q build-essential pkg-config dpkg-dev libssl-dev libsasl2-dev libzstd-dev \
    liblz4-dev zlib1g-dev libcurl4-openssl-dev >/dev/null

work="${TMPDIR:-/tmp}/dateline-librdkafka-build"
rm -rf "$work" && mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
cd "$work"
built=""
for pin in "${PINS[@]}"; do
    suite="${pin%%:*}"
    version="${pin#*:}"
    cat > /etc/apt/sources.list.d/dateline-librdkafka-src.sources <<SOURCES
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: $suite
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SOURCES
    apt-get update -q >/dev/null
    if apt-get source --download-only "librdkafka=$version" >/dev/null 2>&1; then
        echo "building librdkafka $version from Debian $suite sources"
        # Upstream sources as released: Debian's patches switch to system nanopb/cJSON headers we do not install.
        dpkg-source --skip-patches -x ./librdkafka_*.dsc src >/dev/null 2>&1
        built="$version"
        break
    fi
    echo "librdkafka $version is no longer in Debian $suite; trying the next pin" >&2
done
# Sources only: drop the deb-src line so no later apt operation sees another suite.
rm -f /etc/apt/sources.list.d/dateline-librdkafka-src.sources
apt-get update -q >/dev/null || true
[ -n "$built" ] || { echo "error: no pinned librdkafka source package is available" >&2; exit 1; }

cd src
./configure --prefix=/usr/local >../configure-output.log 2>&1 || { tail -40 ../configure-output.log; cat config.log 2>/dev/null | tail -40; exit 1; }
make -j"$(nproc)" libs >../build-output.log 2>&1 || { tail -30 ../build-output.log; exit 1; }
make install-subdirs >../install-output.log 2>&1 || { tail -30 ../install-output.log; exit 1; }
ldconfig
echo "installed librdkafka $(PKG_CONFIG_PATH=/usr/local/lib/pkgconfig pkg-config --modversion rdkafka)"
