#!/usr/bin/python3
"""Validates netloom JSON documents against docs/schema/*.schema.json.

usage: json-schema-check.py [--schemas DIR] FILE...
A FILE holds one JSON document, or JSON lines (one document per line: scan, audit, devices
... --json). Each document names its schema in its "schema" and "version" members
("schema_version" where "version" means something else: scans); it is checked against
DIR/<schema>-v<version>.schema.json (draft 2020-12; cross-file $refs resolve through their
$id, from DIR only: nothing is fetched). A member name that repeats in an object is an
error (readers would keep one of them). Prints one line per error (FILE[:LINE]: PATH:
message) and exits 1 if any document is invalid or a file holds none, 2 on bad usage.
Needs python3-jsonschema (tools/deps.sh).
"""
import glob
import json
import os
import sys

import jsonschema


def validator(schema, store):
    """A draft 2020-12 validator resolving $ids from store, offline (never fetches a URL)."""
    try:
        import referencing  # jsonschema >= 4.18
        reg = referencing.Registry().with_resources(
            (k, referencing.Resource.from_contents(s)) for k, s in store.items())
        return jsonschema.Draft202012Validator(schema, registry=reg)
    except ImportError:  # Debian 12: python3-jsonschema 4.10
        resolver = jsonschema.RefResolver.from_schema(schema, store=store)
        return jsonschema.Draft202012Validator(schema, resolver=resolver)


def leaves(e):
    """The errors inside a failed oneOf/anyOf branch that had the right type (a nullable
    object that is wrong somewhere inside), rather than "not valid under any of"."""
    if e.validator in ("oneOf", "anyOf") and e.context:
        inner = [c for c in e.context if c.validator != "type" or len(c.relative_path)]
        if inner:
            for c in inner:
                yield from leaves(c)
            return
    yield e


def unique(pairs):
    """object_pairs_hook: refuses a repeated member name (json keeps the last silently)."""
    seen = set()
    for k, _ in pairs:
        if k in seen:
            raise ValueError("member %r repeats" % k)
        seen.add(k)
    return dict(pairs)


def documents(path):
    """(label, document) for a file of one document or of JSON lines; raises ValueError."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return [(path, json.loads(text, object_pairs_hook=unique))]
    except ValueError as whole:
        lines = text.splitlines()
        if len(lines) < 2:
            raise whole
    out = []
    for n, line in enumerate(lines, 1):
        try:
            out.append(("%s:%d" % (path, n), json.loads(line, object_pairs_hook=unique)))
        except ValueError as e:
            raise ValueError("line %d: %s" % (n, e)) from None
    return out


def check(label, doc, byname, store):
    """Validates one document; prints its errors; 1 when it is invalid, else 0."""
    schema = None
    if isinstance(doc, dict):
        ver = doc.get("schema_version", doc.get("version"))
        schema = byname.get("%s-v%s.schema.json" % (doc.get("schema"), ver))
    if schema is None:
        print("%s: no schema for schema=%r version=%r" % (label, doc.get("schema")
              if isinstance(doc, dict) else None, ver if isinstance(doc, dict) else None))
        return 1
    v = validator(schema, store)
    try:
        errs = sorted((x for e in v.iter_errors(doc) for x in leaves(e)),
                      key=lambda e: [str(p) for p in e.absolute_path])
    except Exception as e:  # a $ref that does not resolve: the schemas are broken
        print("%s: cannot validate: %s: %s" % (label, type(e).__name__, str(e)[:300]))
        return 1
    for e in errs:
        where = "/".join(str(x) for x in e.absolute_path) or "(top)"
        print("%s: %s: %s" % (label, where, e.message[:300]))
    return 1 if errs else 0


def main(argv):
    here = os.path.dirname(os.path.abspath(__file__))
    sdir = os.path.join(here, "..", "docs", "schema")
    args = argv[1:]
    if len(args) >= 2 and args[0] == "--schemas":
        sdir, args = args[1], args[2:]
    if not args:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    store, byname = {}, {}
    for p in sorted(glob.glob(os.path.join(sdir, "*.schema.json"))):
        with open(p, encoding="utf-8") as f:
            s = json.load(f)
        jsonschema.Draft202012Validator.check_schema(s)
        store[s["$id"]] = s
        byname[os.path.basename(p)] = s
    if not byname:
        print("json-schema-check: no *.schema.json in %s" % sdir, file=sys.stderr)
        return 2
    bad = 0
    for path in args:
        try:
            docs = documents(path)
        except (OSError, ValueError) as e:
            print("%s: not JSON: %s" % (path, e))
            bad += 1
            continue
        if not docs or (len(docs) == 1 and docs[0][1] is None):
            print("%s: no document" % path)
            bad += 1
            continue
        for label, doc in docs:
            bad += check(label, doc, byname, store)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
