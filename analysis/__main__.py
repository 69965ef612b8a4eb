"""Command line: python -m analysis {demo,validate,import,export,versions,restore}.

Exit codes: 0 success, 1 a data problem (findings printed, nothing stored), 2 a usage error.
A data problem never prints a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from analysis import config
from analysis.schemas import KINDS
from analysis.store import Store, StoreError

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 on usage errors; keep that, say it plainly
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _store(args: argparse.Namespace) -> Store:
    return Store(args.store or config.default_store_dir())


def _print_findings(prepared, lang: str) -> None:
    column = f"message_{lang}"
    for row in prepared.findings.itertuples(index=False):
        where = []
        if pd.notna(row.row):
            where.append(f"row {row.row}" if lang == "en" else f"第 {row.row} 行")
        if row.column:
            where.append(f"column {row.column}" if lang == "en" else f"列 {row.column}")
        label = {"error": "ERROR" if lang == "en" else "错误", "warning": "WARNING" if lang == "en" else "警告"}[
            row.severity
        ]
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


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise _UsageError(f"cannot read {path}: {exc.strerror}") from exc


class _UsageError(Exception):
    pass


def _load_mapping(path: Path | None):
    if path is None:
        return None
    from analysis.columns import Mapping

    try:
        return Mapping.load(path)
    except (OSError, ValueError, KeyError) as exc:
        raise _UsageError(f"cannot read mapping {path}: {exc}") from exc


def cmd_demo(args: argparse.Namespace) -> int:
    from analysis.demo import generate_demo

    store = _store(args)
    started = time.perf_counter()
    for kind, frame in generate_demo().items():
        info = store.write(kind, frame, source="demo", note="demo data")
        print(f"{kind}: version {info.version}, {info.rows:,} rows")
    print(f"demo data written to {store.path} in {time.perf_counter() - started:.1f}s")
    return EXIT_OK


def _prepare(args: argparse.Namespace):
    from analysis.importing import prepare

    return prepare(
        args.kind, _read_file(args.file), args.file.name, mapping=_load_mapping(args.mapping), sheet=args.sheet
    )


def cmd_validate(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if args.json:
        print(_findings_json(prepared))
    else:
        _print_findings(prepared, args.lang)
        verdict = (
            (
                f"OK: {len(prepared.frame):,} rows can be imported"
                if args.lang == "en"
                else f"通过：{len(prepared.frame):,} 行可以导入"
            )
            if prepared.ok
            else (
                f"NOT IMPORTABLE: {len(prepared.errors)} errors"
                if args.lang == "en"
                else f"不能导入：{len(prepared.errors)} 个错误"
            )
        )
        print(verdict)
    return EXIT_OK if prepared.ok else EXIT_DATA


def cmd_import(args: argparse.Namespace) -> int:
    prepared = _prepare(args)
    if args.json:
        print(_findings_json(prepared))
    else:
        _print_findings(prepared, args.lang)
    if not prepared.ok:
        if not args.json:
            print(
                "Nothing was stored; the current version is unchanged."
                if args.lang == "en"
                else "未写入任何数据，当前版本保持不变。"
            )
        return EXIT_DATA
    info = _store(args).write(args.kind, prepared.frame, source="import", filename=args.file.name)
    if not args.json:
        print(
            f"{args.kind}: version {info.version}, {info.rows:,} rows"
            if args.lang == "en"
            else f"{args.kind}：已存为版本 {info.version}，{info.rows:,} 行"
        )
    return EXIT_OK


def export_frame(frame: pd.DataFrame) -> bytes:
    """Canonical CSV: UTF-8, integral numbers without '.0', text neutralised against formulas."""
    from analysis.exports import neutralise

    return neutralise(frame).to_csv(index=False, float_format="%.15g").encode("utf-8")


def cmd_export(args: argparse.Namespace) -> int:
    store = _store(args)
    if store.current_version(args.kind) is None:
        print(f"{args.kind}: nothing stored yet in {store.path}", file=sys.stderr)
        return EXIT_DATA
    args.out.write_bytes(export_frame(store.read(args.kind)))
    print(f"{args.kind}: version {store.current_version(args.kind)} written to {args.out}")
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    table = _store(args).versions(args.kind)
    if table.empty:
        print(f"{args.kind}: no versions stored")
        return EXIT_OK
    table = table.assign(current=table["current"].map({True: "*", False: ""}))
    print(table.to_string(index=False))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    _store(args).restore(args.kind, args.version)
    print(f"{args.kind}: version {args.version} is current again")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m analysis", description="Territory Atlas command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def add_store(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--store", type=Path, help=f"store directory (default: ${config.STORE_ENV} or {config.default_store_dir()})"
        )

    def add_kind(p: argparse.ArgumentParser) -> None:
        p.add_argument("--kind", required=True, choices=list(KINDS))

    p = sub.add_parser("demo", help="write the demo dataset into a store")
    add_store(p)
    p.set_defaults(func=cmd_demo)

    for name, func, helptext in (
        ("validate", cmd_validate, "print the findings for a file"),
        ("import", cmd_import, "validate a file and store it as a new version"),
    ):
        p = sub.add_parser(name, help=helptext)
        add_kind(p)
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true", help="machine-readable findings")
        p.add_argument("--mapping", type=Path, help="a saved column mapping (JSON)")
        p.add_argument("--sheet", help="Excel sheet (default: the first)")
        p.add_argument("--lang", choices=["zh", "en"], default="en")
        if name == "import":
            add_store(p)
        p.set_defaults(func=func)

    p = sub.add_parser("export", help="write the current version as canonical CSV")
    add_kind(p)
    p.add_argument("--out", type=Path, required=True)
    add_store(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("versions", help="list stored versions")
    add_kind(p)
    add_store(p)
    p.set_defaults(func=cmd_versions)

    p = sub.add_parser("restore", help="make an earlier version current")
    add_kind(p)
    p.add_argument("--version", type=int, required=True)
    add_store(p)
    p.set_defaults(func=cmd_restore)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except _UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_DATA


if __name__ == "__main__":
    sys.exit(main())
