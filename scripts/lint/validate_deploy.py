#!/usr/bin/env python3
"""Offline validation of Dateline's deploy files; run by scripts/lint.sh with the project's .venv Python.

What it checks, without a cluster, a Docker engine or the network:
  - every YAML file under deploy/ and config/ parses;
  - Kubernetes manifests against the API schemas bundled in the kubernetes-validate package (strict: unknown
    fields fail), for the oldest and newest Kubernetes versions we support; KEDA's CRDs and the
    kustomization against the JSON Schemas in scripts/lint/schemas/;
  - kustomization.yaml lists exactly the manifests in its folder;
  - the policies the manifests exist for (probes, grace periods, static membership, hardening, scaling
    bounds) and that files agree with each other (ports, topics, group, secret keys, setting names);
  - compose.yaml, the systemd unit and the Dockerfile for the same policies (their syntax is checked by
    check-jsonschema, systemd-analyze and hadolint in scripts/lint.sh);
  - the Grafana dashboard and the alert rules: JSON/YAML structure, and every metric their PromQL names
    is one the worker exports;
  - the output record's JSON Schemas under schema/ (when present) against their metaschemas.

Usage: validate_deploy.py [REPO_ROOT]   Exit status 1 when anything failed; each check prints one line.
"""
from __future__ import annotations

import contextlib
import json
import re
import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import jsonschema
import kubernetes_validate
import yaml

# Kubernetes versions the manifests must be valid for: the oldest we support and the newest the
# validator knows. Both ends catch a field that is too new or an API that was removed.
KUBERNETES_VERSIONS = ("1.30", kubernetes_validate.utils.latest_version())

# The worker's metrics, read from the sources so this list cannot drift from what the binary exports: every
# `Counter/Gauge/Timer(label: "dateline_...")` (multi-line calls too) and `metricName = "dateline_..."`. Timers are
# histograms and add _bucket, _sum and _count.
def _exported_metrics() -> tuple[set[str], set[str]]:
    sources = "\n".join(
        path.read_text(encoding="utf-8") for path in (Path(__file__).resolve().parents[2] / "Sources").rglob("*.swift")
    )
    declared = re.findall(r'\b(Counter|Gauge|Timer|Recorder)\(\s*label:\s*"(dateline_[a-z_]+)"', sources)
    named = re.findall(r'metricName\s*=\s*"(dateline_[a-z_]+)"', sources)
    histograms = {name for kind, name in declared if kind == "Timer"}
    return {name for kind, name in declared if kind != "Timer"} | set(named), histograms


DATELINE_METRICS, DATELINE_HISTOGRAMS = _exported_metrics()
# Series that only the alert rules may use: Prometheus' own scrape health and kube-state-metrics' readiness.
ALERT_EXTERNAL_METRICS = {"up", "kube_pod_status_ready"}

PROMQL_KEYWORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    "atan2", "inf", "nan", "start", "end",
}

# Settings that are not in config/dateline.yaml's `env:` annotations.
EXTRA_SETTINGS = {"DATELINE_CONFIG"}
KAFKA_PASSTHROUGH = re.compile(r"^DATELINE_KAFKA_[A-Z0-9_]+$")


class Lint:
    """Collects results; each check prints `ok:` or `FAIL:` lines so the log shows what was covered."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.failures = 0
        self.folded: list[str] | None = None

    def ok(self, what: str) -> None:
        if self.folded is not None:
            self.folded.append(what)
        else:
            print(f"  ok: {what}")

    @contextlib.contextmanager
    def fold(self, label: str) -> Iterator[None]:
        """Prints the passing checks inside as one line, to keep the log short; failures still print alone."""
        outer, self.folded = self.folded, []
        try:
            yield
        finally:
            passed, self.folded = len(self.folded), outer
            if passed:
                self.ok(f"{label} ({passed} check{'s' if passed != 1 else ''})")

    def fail(self, what: str) -> None:
        self.failures += 1
        print(f"  FAIL: {what}")

    def expect(self, condition: bool, what: str) -> bool:
        (self.ok if condition else self.fail)(what)
        return condition

    def rel(self, path: Path) -> str:
        return str(path.relative_to(self.root))


# MARK: - Helpers


def dig(value: Any, *keys: Any, default: Any = None) -> Any:
    for key in keys:
        if isinstance(value, dict) and key in value:
            value = value[key]
        elif isinstance(value, list) and isinstance(key, int) and -len(value) <= key < len(value):
            value = value[key]
        else:
            return default
    return value


def load_schema(lint: Lint, name: str) -> dict[str, Any]:
    schema = json.loads((lint.root / "scripts/lint/schemas" / name).read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def schema_errors(schema: dict[str, Any], document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{'.'.join(str(p) for p in error.absolute_path) or '<root>'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]


def known_settings(lint: Lint) -> set[str]:
    """Environment variable names documented in config/dateline.yaml (`env: DATELINE_...`)."""
    text = (lint.root / "config/dateline.yaml").read_text()
    return set(re.findall(r"env:\s*(DATELINE_[A-Z0-9_]+)", text)) | EXTRA_SETTINGS


def check_setting_names(lint: Lint, where: str, names: set[str], settings: set[str]) -> None:
    unknown = sorted(n for n in names if n not in settings and not KAFKA_PASSTHROUGH.match(n))
    lint.expect(not unknown, f"{where}: every DATELINE_* variable is a documented setting"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""))


def seconds(value: Any) -> float | None:
    """Parses 45, "45", "45s", "1m30s", "1min" (compose durations and systemd time spans)."""
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        return None
    units = {"ms": 0.001, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600}
    total, matched = 0.0, False
    for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h)?", value.strip()):
        total += float(number) * units[unit or "s"]
        matched = True
    return total if matched else None


# MARK: - PromQL


def promql_metric_names(expr: str) -> set[str]:
    """Metric names an expression selects. A small lexer, not a parser: strings, label matchers, ranges,
    grouping label lists, Grafana variables, numbers and function calls are removed, and what is left
    of the identifiers are metric names."""
    s = re.sub(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|`[^`]*`', '""', expr)
    s = re.sub(r"\$\{[^}]*\}|\$\w+", "1", s)
    s = re.sub(r"\{[^{}]*\}", " ", s)
    s = re.sub(r"\[[^\[\]]*\]", " ", s)
    s = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", " ", s)
    s = re.sub(r"\boffset\s+-?\w+", " ", s)
    s = re.sub(r"(?<![\w:.])\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", " ", s)
    names = set()
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", s):
        name = match.group(0)
        if name.lower() in PROMQL_KEYWORDS or re.match(r"\s*\(", s[match.end():]):
            continue
        names.add(name)
    return names


def promql_balanced(expr: str) -> bool:
    pairs, stack = {")": "(", "]": "[", "}": "{"}, []
    for char in re.sub(r'"(?:\\.|[^"\\])*"', '""', expr):
        if char in "([{":
            stack.append(char)
        elif char in pairs:
            if not stack or stack.pop() != pairs[char]:
                return False
    return not stack


def base_metric(name: str) -> str:
    for suffix in ("_bucket", "_sum", "_count"):
        if name.endswith(suffix) and name[: -len(suffix)] in DATELINE_HISTOGRAMS:
            return name[: -len(suffix)]
    return name


def check_promql(lint: Lint, where: str, expr: str, allowed_external: set[str]) -> set[str]:
    if not lint.expect(promql_balanced(expr), f"{where}: brackets balance"):
        return set()
    names = {base_metric(n) for n in promql_metric_names(expr)}
    known = DATELINE_METRICS | DATELINE_HISTOGRAMS | allowed_external
    unknown = sorted(names - known)
    lint.expect(bool(names) and not unknown,
                f"{where}: metrics {', '.join(sorted(names)) or '(none found)'} are exported"
                + (f" (unknown: {', '.join(unknown)})" if unknown else ""))
    return names


# MARK: - YAML


def parse_all_yaml(lint: Lint) -> dict[Path, list[Any]]:
    print("YAML syntax (deploy/, config/)")
    parsed: dict[Path, list[Any]] = {}
    files = sorted(p for d in ("deploy", "config") for ext in ("*.yaml", "*.yml")
                   for p in (lint.root / d).rglob(ext))
    for path in files:
        try:
            parsed[path] = [doc for doc in yaml.safe_load_all(path.read_text()) if doc is not None]
            lint.ok(f"{lint.rel(path)} parses ({len(parsed[path])} document(s))")
        except yaml.YAMLError as error:
            lint.fail(f"{lint.rel(path)}: {error}")
    lint.expect(bool(files), f"{len(files)} YAML files found")
    return parsed


# MARK: - Kubernetes


def check_kubernetes(lint: Lint, parsed: dict[Path, list[Any]], settings: set[str]) -> None:
    print(f"Kubernetes (deploy/kubernetes; API schemas of Kubernetes {' and '.join(KUBERNETES_VERSIONS)}, "
          f"kubernetes-validate {kubernetes_validate.__version__})")
    folder = lint.root / "deploy/kubernetes"
    kustomization_path = folder / "kustomization.yaml"
    if not lint.expect(kustomization_path in parsed, "kustomization.yaml exists and parses"):
        return
    kustomization = parsed[kustomization_path][0]
    for error in schema_errors(load_schema(lint, "kustomization.schema.json"), kustomization):
        lint.fail(f"kustomization.yaml: {error}")
    listed = kustomization.get("resources", [])
    for name in listed:
        lint.expect((folder / name).is_file(), f"kustomization.yaml: resource {name} exists")
    on_disk = sorted(p.name for p in folder.glob("*.yaml") if p.name != "kustomization.yaml")
    unlisted = sorted(set(on_disk) - set(listed))
    lint.expect(not unlisted, "kustomization.yaml lists every manifest in its folder"
                + (f" (missing: {', '.join(unlisted)})" if unlisted else ""))

    schemas = {
        "ScaledObject": load_schema(lint, "keda-scaledobject.schema.json"),
        "TriggerAuthentication": load_schema(lint, "keda-triggerauthentication.schema.json"),
    }
    resources: dict[tuple[str, str], dict[str, Any]] = {}
    for name in listed:
        path = folder / name
        for doc in parsed.get(path, []):
            kind, meta_name = doc.get("kind"), dig(doc, "metadata", "name")
            where = f"{name}: {kind}/{meta_name}"
            if (kind, meta_name) in resources:
                lint.fail(f"{where}: defined twice")
            resources[(kind, meta_name)] = doc
            if kind in schemas:
                errors = schema_errors(schemas[kind], doc)
                for error in errors:
                    lint.fail(f"{where}: {error}")
                if not errors:
                    lint.ok(f"{where} matches scripts/lint/schemas (KEDA CRD subset)")
                continue
            valid = []
            for version in KUBERNETES_VERSIONS:
                try:
                    valid.append(kubernetes_validate.validate(doc, version, strict=True))
                except kubernetes_validate.ValidationError as error:
                    path_text = ".".join(str(p) for p in error.path)
                    lint.fail(f"{where} invalid for Kubernetes {version}: {path_text}: {error.message}")
                except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError) as error:
                    lint.fail(f"{where}: no schema ({error.message})")
            if len(valid) == len(KUBERNETES_VERSIONS):
                lint.ok(f"{where} valid for Kubernetes {' and '.join(valid)} (strict schema)")
    check_kubernetes_policies(lint, resources, settings)


def check_kubernetes_policies(lint: Lint, resources: dict[tuple[str, str], dict[str, Any]],
                              settings: set[str]) -> None:
    print("Kubernetes policies and cross-references")
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for (kind, _), doc in resources.items():
        by_kind.setdefault(kind, []).append(doc)
    deployments = by_kind.get("Deployment", [])
    if not lint.expect(len(deployments) == 1, "exactly one Deployment"):
        return
    deployment = deployments[0]
    pod = dig(deployment, "spec", "template", "spec", default={})
    containers = pod.get("containers", [])
    if not lint.expect(len(containers) == 1, "the Deployment has one container"):
        return
    container = containers[0]
    configmaps = {dig(d, "metadata", "name"): d.get("data", {}) for d in by_kind.get("ConfigMap", [])}
    secrets = {dig(d, "metadata", "name"): {**d.get("data", {}), **d.get("stringData", {})}
               for d in by_kind.get("Secret", [])}

    # Settings: every env name is known; the ConfigMap the pod reads exists.
    env = {e["name"]: e for e in container.get("env", [])}
    config: dict[str, str] = {}
    for source in container.get("envFrom", []):
        name = dig(source, "configMapRef", "name")
        if lint.expect(name in configmaps, f"envFrom ConfigMap {name} is defined"):
            config.update(configmaps[name])
    names = {n for n in set(env) | set(config) if n.startswith("DATELINE_")}
    for data in configmaps.values():
        names |= {n for n in data if n.startswith("DATELINE_")}
    check_setting_names(lint, "Kubernetes manifests", names, settings)
    lint.expect("DATELINE_SASL_PASSWORD" not in env and "DATELINE_SASL_PASSWORD" not in config,
                "the SASL password is not passed as an environment variable")

    # Static membership from the pod name.
    instance = dig(env, "DATELINE_GROUP_INSTANCE_ID", "valueFrom", "fieldRef", "fieldPath")
    lint.expect(instance == "metadata.name", "DATELINE_GROUP_INSTANCE_ID comes from the pod name (fieldRef metadata.name)")

    # Graceful shutdown fits in the kubelet's grace period.
    grace = int(config.get("DATELINE_SHUTDOWN_GRACE_SECONDS", 30))
    termination = pod.get("terminationGracePeriodSeconds", 30)
    lint.expect(termination > grace,
                f"terminationGracePeriodSeconds ({termination}) > DATELINE_SHUTDOWN_GRACE_SECONDS ({grace})")

    # Probes and the metrics port.
    port = int(config.get("DATELINE_METRICS_PORT", 9464))
    named_ports = {p.get("name"): p.get("containerPort") for p in container.get("ports", [])}
    lint.expect(port in named_ports.values(), f"the container exposes the metrics port {port}")

    def probe_port(probe: dict[str, Any]) -> Any:
        value = dig(probe, "httpGet", "port")
        return named_ports.get(value, value) if isinstance(value, str) else value

    for probe_name, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
        probe = container.get(probe_name, {})
        lint.expect(dig(probe, "httpGet", "path") == path and probe_port(probe) == port,
                    f"{probe_name} is GET {path} on port {port}")
    startup = container.get("startupProbe")
    if startup:
        lint.expect(dig(startup, "httpGet", "path") == "/healthz" and probe_port(startup) == port,
                    f"startupProbe is GET /healthz on port {port}")
    annotations = dig(deployment, "spec", "template", "metadata", "annotations", default={})
    lint.expect(annotations.get("prometheus.io/scrape") == "true"
                and annotations.get("prometheus.io/port") == str(port)
                and annotations.get("prometheus.io/path", "/metrics") == "/metrics",
                f"prometheus.io scrape annotations point at :{port}/metrics")

    # Hardening (pod-level values are inherited by the container).
    pod_security = pod.get("securityContext", {})
    security = {**pod_security, **container.get("securityContext", {})}
    lint.expect(security.get("runAsNonRoot") is True, "runAsNonRoot: true")
    lint.expect(security.get("runAsUser", 1) != 0, "runAsUser is not 0")
    lint.expect(security.get("readOnlyRootFilesystem") is True, "readOnlyRootFilesystem: true")
    lint.expect(security.get("allowPrivilegeEscalation") is False, "allowPrivilegeEscalation: false")
    lint.expect("ALL" in dig(security, "capabilities", "drop", default=[])
                and not dig(security, "capabilities", "add", default=[]), "capabilities: drop ALL, add none")
    lint.expect(dig(security, "seccompProfile", "type") == "RuntimeDefault", "seccompProfile: RuntimeDefault")
    lint.expect(pod.get("automountServiceAccountToken") is False
                or any(d.get("automountServiceAccountToken") is False for d in by_kind.get("ServiceAccount", [])),
                "no service account token is mounted")
    for kind in ("requests", "limits"):
        values = dig(container, "resources", kind, default={})
        lint.expect("cpu" in values and "memory" in values, f"resources.{kind} set cpu and memory")

    # The SASL password: a file inside a mounted Secret volume, with the key present in the Secret.
    password_file = dig(env, "DATELINE_SASL_PASSWORD_FILE", "value")
    mounts = {m["name"]: m for m in container.get("volumeMounts", [])}
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    found = False
    for name, mount in mounts.items():
        secret = dig(volumes, name, "secret")
        if not secret or not password_file or not password_file.startswith(mount["mountPath"].rstrip("/") + "/"):
            continue
        relative = password_file[len(mount["mountPath"].rstrip("/")) + 1:]
        items = {i["path"]: i["key"] for i in secret.get("items", [])}
        key = items.get(relative, relative if not items else None)
        secret_name = secret.get("secretName")
        found = secret_name in secrets and key in secrets[secret_name]
    lint.expect(found, f"DATELINE_SASL_PASSWORD_FILE ({password_file}) is a key of a mounted Secret")
    for name, data in secrets.items():
        real = sorted(k for k, v in data.items() if "REPLACE_ME" not in str(v))
        lint.expect(not real, f"Secret {name} holds only REPLACE_ME placeholders"
                    + (f" (not a placeholder: {', '.join(real)})" if real else ""))
    for item in container.get("env", []):
        ref = dig(item, "valueFrom", "secretKeyRef")
        if ref:
            lint.expect(ref.get("key") in secrets.get(ref.get("name"), {}),
                        f"env {item['name']} references existing Secret key {ref.get('name')}/{ref.get('key')}")

    # The PodDisruptionBudget covers the Deployment's pods.
    pod_labels = dig(deployment, "spec", "template", "metadata", "labels", default={})
    pdbs = by_kind.get("PodDisruptionBudget", [])
    lint.expect(len(pdbs) == 1 and all(pod_labels.get(k) == v for k, v in
                                       dig(pdbs[0], "spec", "selector", "matchLabels", default={}).items())
                and dig(pdbs[0], "spec", "selector", "matchLabels"),
                "the PodDisruptionBudget selects the Deployment's pods")
    selector = dig(deployment, "spec", "selector", "matchLabels", default={})
    lint.expect(all(pod_labels.get(k) == v for k, v in selector.items()),
                "the Deployment's selector matches its pod template")

    # KEDA: targets the Deployment, never more replicas than input partitions, reads the same group/topic.
    scaled = by_kind.get("ScaledObject", [])
    if not lint.expect(len(scaled) == 1, "exactly one ScaledObject"):
        return
    spec = scaled[0].get("spec", {})
    lint.expect(dig(spec, "scaleTargetRef", "name") == dig(deployment, "metadata", "name")
                and dig(spec, "scaleTargetRef", "kind", default="Deployment") == "Deployment",
                "the ScaledObject scales the Deployment")
    partitions = dig(scaled[0], "metadata", "annotations", "dateline/input-partitions")
    if lint.expect(str(partitions).isdigit(), "the ScaledObject states the input partition count "
                   "(annotation dateline/input-partitions)"):
        high, low = spec.get("maxReplicaCount", 100), spec.get("minReplicaCount", 0)
        lint.expect(low <= high <= int(partitions),
                    f"minReplicaCount ({low}) <= maxReplicaCount ({high}) <= input partitions ({partitions})")
    lint.expect(dig(deployment, "spec", "replicas") is None,
                "the Deployment leaves replicas to KEDA (no spec.replicas)")
    kafka = [t for t in spec.get("triggers", []) if t.get("type") == "kafka"]
    if lint.expect(len(kafka) == 1, "one kafka trigger"):
        metadata = kafka[0].get("metadata", {})
        lint.expect(metadata.get("allowIdleConsumers") == "false"
                    and metadata.get("limitToPartitionsWithLag") == "false",
                    "allowIdleConsumers and limitToPartitionsWithLag are \"false\"")
        for key, setting, default in (("consumerGroup", "DATELINE_GROUP_ID", "dateline"),
                                      ("topic", "DATELINE_INPUT_TOPIC", "articles.raw"),
                                      ("bootstrapServers", "DATELINE_BROKERS", "localhost:9092")):
            lint.expect(metadata.get(key) == config.get(setting, default),
                        f"trigger {key} ({metadata.get(key)}) = {setting} ({config.get(setting, default)})")
        auth = dig(kafka[0], "authenticationRef", "name")
        auths = {dig(d, "metadata", "name"): d for d in by_kind.get("TriggerAuthentication", [])}
        if auth is not None and lint.expect(auth in auths, f"TriggerAuthentication {auth} is defined"):
            for ref in dig(auths[auth], "spec", "secretTargetRef", default=[]):
                lint.expect(ref["key"] in secrets.get(ref["name"], {}),
                            f"TriggerAuthentication {auth}: {ref['parameter']} from existing Secret key "
                            f"{ref['name']}/{ref['key']}")


# MARK: - Compose


def check_compose(lint: Lint, parsed: dict[Path, list[Any]], settings: set[str]) -> None:
    print("Compose policies (deploy/compose.yaml)")
    path = lint.root / "deploy/compose.yaml"
    if not lint.expect(path in parsed and parsed[path], "compose.yaml exists and parses"):
        return
    services = parsed[path][0].get("services", {})
    kafka = [n for n, s in services.items() if str(s.get("image", "")).startswith("apache/kafka")
             and "KAFKA_PROCESS_ROLES" in (s.get("environment") or {})]
    if not lint.expect(len(kafka) == 1, "one apache/kafka broker service"):
        return
    broker = services[kafka[0]]
    broker_env = broker.get("environment", {})
    lint.expect(set(str(broker_env.get("KAFKA_PROCESS_ROLES", "")).split(",")) == {"broker", "controller"},
                "the broker runs in KRaft combined mode (broker,controller)")
    lint.expect("test" in broker.get("healthcheck", {}), "the broker has a healthcheck")

    workers = {n: s for n, s in services.items() if "build" in s}
    lint.expect(len(workers) == 2, f"two workers built from source ({', '.join(workers)})")
    names: set[str] = set()
    instance_ids = []
    for name, worker in workers.items():
        with lint.fold(f"{name}: build, healthcheck, depends_on, stop grace, broker, topics"):
            build = worker["build"]
            dockerfile = (path.parent / build.get("context", ".") / build.get("dockerfile", "Dockerfile")).resolve()
            lint.expect(dockerfile == (lint.root / "deploy/docker/Dockerfile").resolve(),
                        f"{name} builds deploy/docker/Dockerfile with the repository root as context")
            env = worker.get("environment") or {}
            names |= {k for k in env if k.startswith("DATELINE_")}
            instance_ids.append(env.get("DATELINE_GROUP_INSTANCE_ID"))
            lint.expect("test" in worker.get("healthcheck", {}), f"{name} has a healthcheck")
            conditions = {dep: dig(cond, "condition") for dep, cond in (worker.get("depends_on") or {}).items()}
            lint.expect(conditions.get(kafka[0]) == "service_healthy", f"{name} waits for a healthy broker")
            one_shot = [dep for dep, c in conditions.items() if c == "service_completed_successfully"]
            lint.expect(len(one_shot) == 1, f"{name} waits for the topic creation to complete")
            grace = int(env.get("DATELINE_SHUTDOWN_GRACE_SECONDS", 30))
            stop = seconds(worker.get("stop_grace_period", "10s"))
            lint.expect(stop is not None and stop > grace,
                        f"{name}: stop_grace_period ({worker.get('stop_grace_period', '10s')}) > grace ({grace}s)")
            lint.expect(str(env.get("DATELINE_BROKERS", "")).split(":")[0] == kafka[0],
                        f"{name} connects to the {kafka[0]} service")
            for dep in one_shot:
                script = " ".join(str(x) for x in (services.get(dep, {}).get("command") or []))
                topics = dict(re.findall(r"([A-Za-z0-9._-]+):(\d+)", script))
                for setting, default in (("DATELINE_INPUT_TOPIC", "articles.raw"),
                                         ("DATELINE_OUTPUT_TOPIC", "articles.extracted"),
                                         ("DATELINE_DLQ_TOPIC", "articles.dlq")):
                    topic = env.get(setting, default)
                    lint.expect(topic in topics, f"{name}: {dep} creates {setting} {topic}")
                input_partitions = int(topics.get(env.get("DATELINE_INPUT_TOPIC", "articles.raw"), 0))
                lint.expect(len(workers) <= input_partitions,
                            f"{name}: workers ({len(workers)}) <= input partitions ({input_partitions})")
    lint.expect(None not in instance_ids and len(set(instance_ids)) == len(instance_ids),
                "each worker has its own DATELINE_GROUP_INSTANCE_ID")
    check_setting_names(lint, "compose.yaml", names, settings)


# MARK: - systemd


def check_systemd(lint: Lint, settings: set[str]) -> None:
    print("systemd policies (deploy/systemd/dateline.service)")
    path = lint.root / "deploy/systemd/dateline.service"
    if not lint.expect(path.is_file(), "dateline.service exists"):
        return
    entries: list[tuple[str, str, str]] = []
    section = ""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif "=" in line:
            key, value = line.split("=", 1)
            entries.append((section, key.strip(), value.strip()))

    def values(key: str) -> list[str]:
        return [v for s, k, v in entries if s == "Service" and k == key]

    required = {
        "DynamicUser": "yes", "ProtectSystem": "strict", "ProtectHome": "yes", "NoNewPrivileges": "yes",
        "PrivateTmp": "yes", "KillSignal": "SIGTERM", "Restart": "on-failure",
        "ExecStart": "/usr/local/bin/dateline run", "EnvironmentFile": "-/etc/dateline/dateline.env",
    }
    for key, expected in required.items():
        lint.expect(expected in values(key), f"{key}={expected}")
    for key in ("RestrictAddressFamilies", "MemoryMax", "RestartSec"):
        lint.expect(bool(values(key)), f"{key} is set")
    lint.expect("@system-service" in values("SystemCallFilter"), "SystemCallFilter=@system-service")
    credentials = [v.split(":", 1)[0] for v in values("LoadCredential")]
    environment = dict(v.split("=", 1) for v in values("Environment") if "=" in v)
    password = environment.get("DATELINE_SASL_PASSWORD_FILE", "")
    lint.expect(password.startswith("%d/") and password[3:] in credentials,
                "DATELINE_SASL_PASSWORD_FILE is a LoadCredential= file under %d")
    stop = seconds(values("TimeoutStopSec")[-1]) if values("TimeoutStopSec") else None
    grace = int(environment.get("DATELINE_SHUTDOWN_GRACE_SECONDS", 30))
    lint.expect(stop is not None and stop > grace, f"TimeoutStopSec ({stop}) > DATELINE_SHUTDOWN_GRACE_SECONDS ({grace})")
    check_setting_names(lint, "dateline.service", {k for k in environment if k.startswith("DATELINE_")}, settings)


# MARK: - Dockerfile


def check_dockerfile(lint: Lint) -> None:
    print("Dockerfile structure (deploy/docker/Dockerfile)")
    path = lint.root / "deploy/docker/Dockerfile"
    if not lint.expect(path.is_file(), "Dockerfile exists"):
        return
    text = re.sub(r"\\\n", " ", path.read_text())
    instructions = [(m.group(1).upper(), m.group(2).strip()) for m in
                    re.finditer(r"^\s*([A-Za-z]+)\s+(.*)$", text, re.M) if not m.group(0).lstrip().startswith("#")]
    args = {m.group(1): m.group(2) for m in re.finditer(r"^ARG\s+(\w+)=(\S+)", text, re.M)}
    stages: list[list[tuple[str, str]]] = []
    for op, rest in instructions:
        if op == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((op, rest))
    if not lint.expect(len(stages) >= 2, f"multi-stage ({len(stages)} stages)"):
        return

    def image(stage: list[tuple[str, str]]) -> str:
        ref = stage[0][1].split()[0]
        return re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), ref)

    lint.expect(image(stages[0]).startswith("swift:6.3.1-bookworm"), f"build stage FROM {image(stages[0])}")
    lint.expect(image(stages[-1]).startswith("debian:bookworm-slim"), f"runtime stage FROM {image(stages[-1])}")
    build = " ".join(rest for op, rest in stages[0] if op == "RUN")
    lint.expect("scripts/install-librdkafka.sh" in build, "the build stage runs scripts/install-librdkafka.sh")
    lint.expect(re.search(r"swift build[^&;]*-c release[^&;]*--static-swift-stdlib[^&;]*--product dateline", build)
                is not None, "swift build -c release --static-swift-stdlib --product dateline")
    users = [rest for op, rest in stages[-1] if op == "USER"]
    lint.expect(bool(users) and users[-1].split(":")[0] not in ("0", "root"),
                f"the runtime stage runs as a non-root user ({users[-1] if users else 'none'})")
    health = [rest for op, rest in stages[-1] if op == "HEALTHCHECK"]
    lint.expect(bool(health) and "/healthz" in health[-1], "HEALTHCHECK probes /healthz")
    runtime = " ".join(rest for op, rest in stages[-1])
    lint.expect("librdkafka.so" in " ".join(rest for op, rest in stages[0]) and "--from=build" in runtime,
                "librdkafka's shared library is carried into the runtime stage")
    lint.expect(".resources" in " ".join(rest for op, rest in stages[0]),
                "the SwiftPM resource bundles are carried into the runtime stage")
    for op, rest in instructions:
        if op != "COPY" or "--from=" in rest:
            continue
        parts = [p for p in rest.split() if not p.startswith("--")]
        for source in parts[:-1]:
            lint.expect(bool(list(lint.root.glob(source.rstrip("/")))), f"COPY source {source} exists in the repository")
    ignore = lint.root / "deploy/docker/Dockerfile.dockerignore"
    if lint.expect(ignore.is_file(), "deploy/docker/Dockerfile.dockerignore exists (BuildKit, context = repository root)"):
        patterns = {line.strip() for line in ignore.read_text().splitlines()}
        for needed in (".build", ".build-*", ".venv"):
            lint.expect(needed in patterns, f"the build context ignores {needed}")


# MARK: - Grafana and alerts


def check_grafana(lint: Lint) -> None:
    print("Grafana dashboard (deploy/grafana/dateline-dashboard.json)")
    path = lint.root / "deploy/grafana/dateline-dashboard.json"
    try:
        dashboard = json.loads(path.read_text())
    except (OSError, json.JSONDecodeError) as error:
        lint.fail(f"{lint.rel(path)}: {error}")
        return
    lint.ok("valid JSON")
    lint.expect(bool(dashboard.get("title")) and bool(dashboard.get("uid")), "title and uid set")
    variables = {v.get("name"): v for v in dig(dashboard, "templating", "list", default=[])}
    inputs = {i.get("name") for i in dashboard.get("__inputs", [])}
    datasource_names = {n for n, v in variables.items() if v.get("type") == "datasource"} | inputs
    lint.expect(bool(datasource_names), f"a datasource variable or input ({', '.join(sorted(datasource_names))})")

    def uses_datasource(ds: Any) -> bool:
        uid = ds.get("uid", "") if isinstance(ds, dict) else str(ds or "")
        return any(uid in (f"${{{n}}}", f"${n}") for n in datasource_names)

    used: set[str] = set()
    for name, variable in variables.items():
        if variable.get("type") != "query":
            continue
        query = variable.get("query")
        query = query.get("query", "") if isinstance(query, dict) else str(query or "")
        match = re.fullmatch(r"\s*label_values\((?:(.*),)?\s*(\w+)\s*\)\s*", query)
        with lint.fold(f"variable {name}: label_values() on exported metrics, datasource variable"):
            if lint.expect(match is not None, f"variable {name}: label_values() query"):
                if match.group(1):
                    used |= check_promql(lint, f"variable {name}", match.group(1), set())
            lint.expect(uses_datasource(variable.get("datasource")), f"variable {name} uses the datasource variable")

    panels = list(dashboard.get("panels", []))
    for panel in list(panels):
        panels.extend(panel.get("panels", []))
    ids = [p.get("id") for p in panels]
    lint.expect(len(ids) == len(set(ids)) and None not in ids, f"{len(panels)} panels with unique ids")
    occupied: dict[tuple[int, int], str] = {}
    for panel in panels:
        title = panel.get("title", f"panel {panel.get('id')}")
        with lint.fold(f"panel {title!r}: grid, targets, datasource, PromQL metrics"):
            grid = panel.get("gridPos", {})
            if not lint.expect(all(isinstance(grid.get(k), int) for k in "xywh")
                               and grid["x"] >= 0 and grid["x"] + grid["w"] <= 24,
                               f"{title}: gridPos within the 24-column grid"):
                continue
            overlap = {occupied[(x, y)] for x in range(grid["x"], grid["x"] + grid["w"])
                       for y in range(grid["y"], grid["y"] + grid["h"]) if (x, y) in occupied}
            if overlap:
                lint.fail(f"{title}: overlaps {', '.join(sorted(overlap))}")
            for x in range(grid["x"], grid["x"] + grid["w"]):
                for y in range(grid["y"], grid["y"] + grid["h"]):
                    occupied[(x, y)] = title
            if panel.get("type") == "row":
                continue
            targets = panel.get("targets", [])
            refs = [t.get("refId") for t in targets]
            lint.expect(bool(targets) and len(refs) == len(set(refs)), f"{title}: targets with unique refIds")
            lint.expect(uses_datasource(panel.get("datasource"))
                        and all(uses_datasource(t.get("datasource", panel.get("datasource"))) for t in targets),
                        f"{title}: uses the datasource variable")
            for target in targets:
                used |= check_promql(lint, f"{title} [{target.get('refId')}]", target.get("expr", ""), set())
    missing = sorted((DATELINE_METRICS | DATELINE_HISTOGRAMS) - used)
    lint.expect(not missing, "every exported metric has a panel" + (f" (missing: {', '.join(missing)})" if missing else ""))


def check_alerts(lint: Lint, parsed: dict[Path, list[Any]]) -> None:
    print("Prometheus alert rules (deploy/prometheus/alerts.yaml)")
    path = lint.root / "deploy/prometheus/alerts.yaml"
    if not lint.expect(path in parsed and parsed[path], "alerts.yaml exists and parses"):
        return
    groups = parsed[path][0].get("groups")
    if not lint.expect(isinstance(groups, list) and bool(groups), "has rule groups"):
        return
    seen: set[str] = set()
    for group in groups:
        for rule in group.get("rules", []):
            name = rule.get("alert")
            if not lint.expect(isinstance(name, str) and name not in seen, f"alert {name}: unique name"):
                continue
            seen.add(name)
            with lint.fold(f"alert {name}: fields, duration, severity, summary, PromQL metrics"):
                check_alert_rule(lint, name, rule)


def check_alert_rule(lint: Lint, name: str, rule: dict[str, Any]) -> None:
    extra = set(rule) - {"alert", "expr", "for", "keep_firing_for", "labels", "annotations"}
    lint.expect(not extra, f"alert {name}: only known fields" + (f" (unknown: {sorted(extra)})" if extra else ""))
    lint.expect(seconds(rule.get("for", "0s")) is not None, f"alert {name}: `for` is a duration")
    lint.expect(dig(rule, "labels", "severity") in ("critical", "warning", "info"), f"alert {name}: severity label")
    lint.expect(bool(dig(rule, "annotations", "summary")), f"alert {name}: summary annotation")
    check_promql(lint, f"alert {name}", str(rule.get("expr", "")), ALERT_EXTERNAL_METRICS)


# MARK: - Output record schema


def check_record_schemas(lint: Lint) -> None:
    """The README points at schema/ for the output record's JSON Schema: each file there must be JSON and a
    valid schema under the metaschema it declares."""
    print("Output record schemas (schema/)")
    files = sorted((lint.root / "schema").rglob("*.json")) if (lint.root / "schema").is_dir() else []
    if not files:
        print("  skipped: no schema/*.json yet")
        return
    for path in files:
        try:
            schema = json.loads(path.read_text())
            jsonschema.validators.validator_for(schema).check_schema(schema)
            lint.ok(f"{lint.rel(path)}: valid JSON Schema ({schema.get('$schema', 'default draft')})")
        except (json.JSONDecodeError, jsonschema.SchemaError) as error:
            lint.fail(f"{lint.rel(path)}: {str(error).splitlines()[0]}")


# MARK: - Main


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[2]).resolve()
    lint = Lint(root)
    settings = known_settings(lint)
    parsed = parse_all_yaml(lint)
    steps: list[Callable[[], None]] = [
        lambda: check_kubernetes(lint, parsed, settings),
        lambda: check_compose(lint, parsed, settings),
        lambda: check_systemd(lint, settings),
        lambda: check_dockerfile(lint),
        lambda: check_grafana(lint),
        lambda: check_alerts(lint, parsed),
        lambda: check_record_schemas(lint),
    ]
    for step in steps:
        try:
            step()
        except Exception as error:  # a malformed file must fail lint with a message, not a traceback only
            lint.fail(f"check crashed on malformed input: {type(error).__name__}: {error}")
    print(f"validate_deploy: {lint.failures} failure(s)")
    return 1 if lint.failures else 0


if __name__ == "__main__":
    sys.exit(main())
