#!/usr/bin/env python3
"""Validates real pipeline output against schema/dateline.article.v1.schema.json.

Runs `dateline extract` over the shipped samples and, when present, the shared development corpus, and checks
every record against the schema plus the invariants a schema cannot say: offsets slice back to the text they
report, and lists are sorted by offset. Exits non-zero on the first kind of failure, with the article id.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema

ROOT = pathlib.Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schema" / "dateline.article.v1.schema.json").read_text())
DLQ_SCHEMA = json.loads((ROOT / "schema" / "dateline.dlq-headers.v1.schema.json").read_text())


def inputs():
    yield ROOT / "samples" / "articles.jsonl"
    corpus = ROOT.parent / "shared" / "eval" / "news-dev.jsonl"
    if corpus.exists():
        yield corpus
    else:
        print(f"check-schema: WARNING: {corpus} is missing; validating the samples only", file=sys.stderr)


def spans(record):
    """Every (start, end, text, where) the record claims."""
    for entity in record["entities"]:
        for mention in entity["mentions"]:
            yield mention["start"], mention["end"], mention["text"], f"entity {entity['text']}"
    for name in ("dates", "quotes", "quantities", "summary"):
        for item in record[name]:
            yield item["start"], item["end"], item["text"], name
    if record["dateline"]:
        d = record["dateline"]
        yield d["start"], d["end"], d["raw"], "dateline"
    for person in record["people"]:
        for role in person["roles"]:
            yield role["start"], role["end"], None, "role"


def main():
    binary = sys.argv[1]
    validator = jsonschema.Draft202012Validator(SCHEMA)
    jsonschema.Draft202012Validator.check_schema(DLQ_SCHEMA)
    checked = 0
    for path in inputs():
        texts = {}
        for line in path.read_text().splitlines():
            if line.strip():
                article = json.loads(line)
                texts[article.get("id")] = article["text"]
        result = subprocess.run([binary, "extract", str(path)], capture_output=True, text=True, check=False)
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            sys.exit(f"check-schema: dateline extract {path} exited {result.returncode}")
        for line in result.stdout.splitlines():
            record = json.loads(line)
            errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
            if errors:
                error = errors[0]
                sys.exit(f"check-schema: {record.get('id')}: {'/'.join(map(str, error.path))}: {error.message}")
            text = texts.get(record["id"])
            if text is None:
                sys.exit(f"check-schema: record id {record['id']} matches no input in {path}")
            for start, end, claimed, where in spans(record):
                if not 0 <= start <= end <= len(text):
                    sys.exit(f"check-schema: {record['id']}: {where} [{start},{end}) outside the text")
                if claimed is not None and where not in ("quotes",) and text[start:end] != claimed:
                    sys.exit(f"check-schema: {record['id']}: {where} [{start},{end}) is {text[start:end]!r}, not {claimed!r}")
            for name in ("dates", "quotes", "quantities", "summary"):
                starts = [item["start"] for item in record[name]]
                if starts != sorted(starts):
                    sys.exit(f"check-schema: {record['id']}: {name} not sorted by offset")
            checked += 1
    print(f"check-schema: {checked} records valid against dateline.article/v1")


if __name__ == "__main__":
    main()
