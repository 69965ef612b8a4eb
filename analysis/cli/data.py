"""Data commands: demo, validate, import, export, versions, restore.

`import` goes through `analysis.io.importing.import_file`, the write the Data page makes too: by
default an update by the kind's partition (a one-month sales file adds or replaces that month and
keeps the others), `--replace` to make the file the whole kind, `--skip-bad-rows` to import the
good rows and set the others aside (otherwise all or nothing). A store fault (locked, full,
read-only, damaged) is one message that names its cause, exit 1.
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pandas as pd

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, read_file, say, store_of
from analysis.io.store import StoreError
from analysis.schemas import KINDS


def _store_faults(func: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A store fault ends the command with its message in the command's language, exit 1, no traceback."""

    @functools.wraps(func)
    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except StoreError as exc:
            print(say(args, "data.cli.store_fault", message=exc.message(getattr(args, "lang", "en"))), file=sys.stderr)
            return EXIT_DATA

    return run


def register(sub) -> None:
    """Add the data commands to the sub-parsers `sub`."""
    p = sub.add_parser("demo", help="write the demo dataset into a store")
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_demo)

    for name, func, helptext in (
        ("validate", cmd_validate, "print the findings for a file"),
        ("import", cmd_import, "validate a file and store it as a new version (an update by default)"),
    ):
        p = sub.add_parser(name, help=helptext)
        _add_kind(p)
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true", help="machine-readable findings")
        p.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
        p.add_argument("--sheet", help="Excel sheet (default: the one holding the table)")
        p.add_argument("--header-row", type=int, help="the row of the header, first row = 1 (default: found)")
        p.add_argument("--region-map", type=Path, help="region cells mapped by hand: CSV (value,region) or JSON")
        add_lang(p)
        add_store(p)  # validate too: the store holds the saved column mappings and region map
        p.set_defaults(func=_store_faults(func))
    p.add_argument(
        "--replace", action="store_true", help="make the file the whole kind (default: update its months/years/ids)"
    )
    p.add_argument("--skip-bad-rows", action="store_true", help="import the good rows, set the bad ones aside")
    p.add_argument("--set-aside-out", type=Path, help="write the rows set aside, with their reasons, to this CSV")

    p = sub.add_parser("export", help="write the current version as canonical CSV")
    _add_kind(p)
    p.add_argument("--out", type=Path, required=True)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=_store_faults(cmd_export))

    p = sub.add_parser("versions", help="list stored versions")
    _add_kind(p)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=_store_faults(cmd_versions))

    p = sub.add_parser("restore", help="make an earlier version current")
    _add_kind(p)
    p.add_argument("--version", type=int, required=True)
    add_store(p)
    add_lang(p)
    p.set_defaults(func=_store_faults(cmd_restore))


def _add_kind(p: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", required=True, choices=list(KINDS))


@_store_faults
def cmd_demo(args: argparse.Namespace) -> int:
    """Write the deterministic demo data into the store, one version per kind."""
    from analysis.demo import generate_demo

    store = store_of(args)
    started = time.perf_counter()
    for kind, frame in generate_demo().items():
        info = store.write(kind, frame, source="demo", note="demo data")
        print(say(args, "cli.demo.kind", kind=kind, version=info.version, rows=f"{info.rows:,}"))
    print(say(args, "cli.demo.done", path=store.location, seconds=f"{time.perf_counter() - started:.1f}"))
    return EXIT_OK


def _load_mapping(path: Path | None):
    if path is None:
        return None
    from analysis.io.columns import Mapping

    try:
        return Mapping.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise UsageError(f"{path}: {exc}") from exc


def _region_map(args: argparse.Namespace) -> dict[str, str]:
    """The region map saved in the store, with the entries of --region-map on top."""
    from analysis.io.mappings import read_region_map, region_map

    found = region_map(store_of(args))
    if args.region_map is not None:
        try:
            found.update(read_region_map(args.region_map))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{args.region_map}: {exc}") from exc
    return found


def _prepare_options(args: argparse.Namespace) -> dict:
    """The `prepare` options of a command line; without --mapping, a mapping saved in the store applies."""
    from analysis.io.mappings import find_mapping

    if args.header_row is not None and args.header_row < 1:
        raise UsageError(say(args, "data.cli.bad_header_row", row=args.header_row))
    mapping = _load_mapping(args.mapping)
    lookup = None if mapping is not None else partial(find_mapping, store_of(args), args.kind)
    return {
        "mapping": mapping,
        "sheet": args.sheet,
        "header_row": args.header_row,
        "mapping_lookup": lookup,
        "region_map": _region_map(args),
    }


def _print_findings(prepared, args: argparse.Namespace) -> None:
    column = f"message_{args.lang}"
    for row in prepared.findings.itertuples(index=False):
        where = []
        if pd.notna(row.row):
            where.append(say(args, "cli.where.row", row=row.row))
        if row.column:
            where.append(say(args, "cli.where.column", column=row.column))
        label = say(args, f"data.cli.severity.{row.severity}")
        print(f"{label}: {', '.join(where) + ': ' if where else ''}{getattr(row, column)}")


def _report(prepared, plan=None, info=None, refused=None, lang: str = "en") -> str:
    report = {
        "kind": prepared.kind,
        "ok": prepared.ok,
        "rows": len(prepared.frame),
        "errors": len(prepared.errors),
        "warnings": len(prepared.warnings),
        "notes": len(prepared.notes),
        "set_aside": list(prepared.set_aside),
        "levels": [] if prepared.levels is None else prepared.levels.to_dict(orient="records"),
        "findings": json.loads(prepared.findings.to_json(orient="records", force_ascii=False)),
    }
    if plan is not None:
        report["plan"] = {
            "mode": plan.mode, "partition": plan.partition, "current_rows": plan.current_rows,
            "new_rows": plan.new_rows, "added": plan.added, "replaced": plan.replaced, "removed": plan.removed,
            "unchanged": plan.unchanged, "by_partition": plan.by_partition.to_dict(orient="records"),
        }  # fmt: skip
    if info is not None:
        report["version"] = info.version
    if refused is not None:
        report["refused"] = refused.render(lang)
    return json.dumps(report, ensure_ascii=False, indent=2, default=str)


def cmd_validate(args: argparse.Namespace) -> int:
    """Print every finding; exit 0 when the file can be imported."""
    from analysis.io.importing import prepare

    prepared = prepare(args.kind, read_file(args.file), args.file.name, **_prepare_options(args))
    if prepared.mapping_source == "saved":
        print(say(args, "cli.mapping_saved"), file=sys.stderr)
    if args.json:
        print(_report(prepared, lang=args.lang))
    else:
        _print_findings(prepared, args)
        if prepared.ok:
            print(say(args, "cli.validate.ok", rows=f"{len(prepared.frame):,}"))
        else:
            print(say(args, "cli.validate.blocked", errors=f"{len(prepared.errors):,}"))
            if prepared.importable(skip_bad_rows=True):
                print(say(args, "data.cli.could_skip", rows=f"{len(prepared.frame):,}", bad=len(prepared.set_aside)))
    return EXIT_OK if prepared.ok else EXIT_DATA


def _print_plan(plan, args: argparse.Namespace) -> None:
    print(
        say(
            args,
            f"data.cli.plan.{plan.mode}",
            added=f"{plan.added:,}",
            replaced=f"{plan.replaced:,}",
            removed=f"{plan.removed:,}",
            unchanged=f"{plan.unchanged:,}",
            rows=f"{plan.new_rows:,}",
            current=f"{plan.current_rows:,}",
        )
    )
    for row in plan.by_partition.itertuples(index=False):
        if row.added or row.replaced or row.removed:
            print(
                say(
                    args,
                    "data.cli.plan.partition",
                    partition=row.partition,
                    added=f"{row.added:,}",
                    replaced=f"{row.replaced:,}",
                    removed=f"{row.removed:,}",
                )
            )


def cmd_import(args: argparse.Namespace) -> int:
    """Validate and store a new version (an update unless --replace), or store nothing."""
    from analysis.io.exports import to_csv_bytes
    from analysis.io.importing import commit_import, plan_import, prepare

    store = store_of(args)
    prepared = prepare(args.kind, read_file(args.file), args.file.name, **_prepare_options(args))
    if prepared.mapping_source == "saved":
        print(say(args, "cli.mapping_saved"), file=sys.stderr)
    if not args.json:
        _print_findings(prepared, args)
    skip = args.skip_bad_rows
    if skip and prepared.set_aside and args.set_aside_out is not None:
        args.set_aside_out.write_bytes(to_csv_bytes(prepared.set_aside_rows(args.lang)))
    if not prepared.importable(skip):
        if args.json:
            print(_report(prepared, lang=args.lang))
        else:
            print(say(args, "cli.import.nothing"))
            if prepared.importable(skip_bad_rows=True):
                print(say(args, "data.cli.could_skip", rows=f"{len(prepared.frame):,}", bad=len(prepared.set_aside)))
        return EXIT_DATA
    mode = "replace" if args.replace else "update"
    plan = plan_import(store, prepared, mode)
    if not args.json:
        _print_plan(plan, args)
    outcome = commit_import(
        store, prepared, mode=mode, skip_bad_rows=skip, confirmed=True, filename=args.file.name, plan=plan
    )
    if args.json:
        print(_report(prepared, plan, outcome.info, outcome.refused, args.lang))
    elif outcome.info is not None:
        print(say(args, "cli.import.done", kind=args.kind, version=outcome.info.version, rows=f"{outcome.info.rows:,}"))
        if skip and prepared.set_aside:
            print(say(args, "data.cli.set_aside", n=len(prepared.set_aside)))
    return EXIT_OK if outcome.info is not None else EXIT_DATA


def export_frame(frame: pd.DataFrame) -> bytes:
    """Canonical CSV: UTF-8, integral numbers without '.0', text neutralised against formulas."""
    from analysis.io.exports import neutralise

    return neutralise(frame).to_csv(index=False, float_format="%.15g").encode("utf-8")


def cmd_export(args: argparse.Namespace) -> int:
    """Write the current version of a kind as canonical CSV (it re-imports as it is)."""
    store = store_of(args)
    version = store.current_version(args.kind)
    if version is None:
        print(say(args, "cli.export.none", kind=args.kind, path=store.location), file=sys.stderr)
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
