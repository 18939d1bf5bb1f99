#!/usr/bin/python3
"""Validates netloom JSON documents against docs/schema/*.schema.json.

usage: json-schema-check.py [--schemas DIR] FILE...
Each document names its schema in its "schema" and "version" members; it is checked against
DIR/<schema>-v<version>.schema.json (draft 2020-12; cross-file $refs resolve through their
$id, from DIR only: nothing is fetched). Prints one line per error and exits 1 if any document is invalid, 2 on bad usage.
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
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            print("%s: not JSON: %s" % (path, e))
            bad += 1
            continue
        name = "%s-v%s.schema.json" % (doc.get("schema"), doc.get("version")) \
            if isinstance(doc, dict) else None
        schema = byname.get(name)
        if schema is None:
            print("%s: no schema for schema=%r version=%r" % (path, doc.get("schema")
                  if isinstance(doc, dict) else None, doc.get("version")
                  if isinstance(doc, dict) else None))
            bad += 1
            continue
        v = validator(schema, store)
        try:
            errs = sorted((x for e in v.iter_errors(doc) for x in leaves(e)),
                          key=lambda e: [str(p) for p in e.absolute_path])
        except Exception as e:  # a $ref that does not resolve: the schemas are broken
            print("%s: cannot validate: %s: %s" % (path, type(e).__name__, str(e)[:300]))
            bad += 1
            continue
        for e in errs:
            where = "/".join(str(x) for x in e.absolute_path) or "(top)"
            print("%s: %s: %s" % (path, where, e.message[:300]))
        if errs:
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
