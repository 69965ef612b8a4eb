"""Data commands: demo, validate, import, export, versions, restore."""

from __future__ import annotations

import argparse
import json
import sys
import time
from functools import partial
from pathlib import Path

import pandas as pd

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, read_file, say, store_of
from analysis.schemas import KINDS


def register(sub) -> None:
    """Add the data commands to the sub-parsers `sub`."""
    p = sub.add_parser("demo", help="write the demo dataset into a store")
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_demo)

    for name, func, helptext in (
        ("validate", cmd_validate, "print the findings for a file"),
        ("import", cmd_import, "validate a file and store it as a new version"),
    ):
        p = sub.add_parser(name, help=helptext)
        _add_kind(p)
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true", help="machine-readable findings")
        p.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
        p.add_argument("--sheet", help="Excel sheet (default: the first)")
        add_lang(p)
        add_store(p)  # validate too: the store holds the saved column mappings
        p.set_defaults(func=func)

    p = sub.add_parser("export", help="write the current version as canonical CSV")
    _add_kind(p)
    p.add_argument("--out", type=Path, required=True)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("versions", help="list stored versions")
    _add_kind(p)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("restore", help="make an earlier version current")
    _add_kind(p)
    p.add_argument("--version", type=int, required=True)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_restore)


def _add_kind(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", required=True, choices=list(KINDS))


def cmd_demo(args: argparse.Namespace) -> int:
    """Write the deterministic demo data into the store, one version per kind."""
    from analysis.demo import generate_demo

    store = store_of(args)
    started = time.perf_counter()
    for kind, frame in generate_demo().items():
        info = store.write(kind, frame, source="demo", note="demo data")
        print(say(args, "cli.demo.kind", kind=kind, version=info.version, rows=f"{info.rows:,}"))
    print(say(args, "cli.demo.done", path=store.path, seconds=f"{time.perf_counter() - started:.1f}"))
    return EXIT_OK


def _load_mapping(path: Path | None):
    if path is None:
        return None
    from analysis.io.columns import Mapping

    try:
        return Mapping.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: {exc}") from exc


def _prepare(args: argparse.Namespace):
    """Validate the file; without --mapping, a mapping saved in the store for these headers applies."""
    from analysis.io.importing import prepare
    from analysis.io.mappings import find_mapping

    mapping = _load_mapping(args.mapping)
    lookup = None if mapping is not None else partial(find_mapping, store_of(args).directory, args.kind)
    prepared = prepare(
        args.kind, read_file(args.file), args.file.name, mapping=mapping, sheet=args.sheet, mapping_lookup=lookup
    )
    if prepared.mapping_source == "saved":
        print(say(args, "cli.mapping_saved"), file=sys.stderr)
    return prepared


def _print_findings(prepared, args: argparse.Namespace) -> None:
    column = f"message_{args.lang}"
    for row in prepared.findings.itertuples(index=False):
        where = []
        if pd.notna(row.row):
            where.append(say(args, "cli.where.row", row=row.row))
        if row.column:
            where.append(say(args, "cli.where.column", column=row.column))
        label = say(args, f"cli.severity.{row.severity}")
        print(f"{label}: {', '.join(where) + ': ' if where else ''}{getattr(row, column)}")


def _findings_json(prepared) -> str:
    return json.dumps(
        {
            "kind": prepared.kind,
            "ok": prepared.ok,
            "rows": len(prepared.frame),
            "errors": len(prepared.errors),
            "warnings": len(prepared.warnings),
            "findings": json.loads(prepared.findings.to_json(orient="records", force_ascii=False)),
        },
        ensure_ascii=False,
        indent=2,
    )


def cmd_validate(args: argparse.Namespace) -> int:
    """Print every finding; exit 0 when the file can be imported."""
    prepared = _prepare(args)
    if args.json:
        print(_findings_json(prepared))
    else:
        _print_findings(prepared, args)
        if prepared.ok:
            print(say(args, "cli.validate.ok", rows=f"{len(prepared.frame):,}"))
        else:
            print(say(args, "cli.validate.blocked", errors=f"{len(prepared.errors):,}"))
    return EXIT_OK if prepared.ok else EXIT_DATA


def cmd_import(args: argparse.Namespace) -> int:
    """Validate and store a new version, or store nothing."""
    prepared = _prepare(args)
    if args.json:
        print(_findings_json(prepared))
    else:
        _print_findings(prepared, args)
    if not prepared.ok:
        if not args.json:
            print(say(args, "cli.import.nothing"))
        return EXIT_DATA
    info = store_of(args).write(args.kind, prepared.frame, source="import", filename=args.file.name)
    if not args.json:
        print(say(args, "cli.import.done", kind=args.kind, version=info.version, rows=f"{info.rows:,}"))
    return EXIT_OK


def export_frame(frame: pd.DataFrame) -> bytes:
    """Canonical CSV: UTF-8, integral numbers without '.0', text neutralised against formulas."""
    from analysis.io.exports import neutralise

    return neutralise(frame).to_csv(index=False, float_format="%.15g").encode("utf-8")


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current version of a kind as canonical CSV (it re-imports as it is)."""
    store = store_of(args)
    version = store.current_version(args.kind)
    if version is None:
        print(say(args, "cli.export.none", kind=args.kind, path=store.path), file=sys.stderr)
        return EXIT_DATA
    args.out.write_bytes(export_frame(store.read(args.kind)))
    print(say(args, "cli.export.done", kind=args.kind, version=version, path=args.out))
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    """List every stored version of a kind, the current one starred."""
    table = store_of(args).versions(args.kind)
    if table.empty:
        print(say(args, "cli.versions.none", kind=args.kind))
        return EXIT_OK
    table = table.assign(current=table["current"].map({True: "*", False: ""}))
    print(table.to_string(index=False))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Make an earlier version current again; nothing is deleted."""
    store_of(args).restore(args.kind, args.version)
    print(say(args, "cli.restore.done", kind=args.kind, version=args.version))
    return EXIT_OK
