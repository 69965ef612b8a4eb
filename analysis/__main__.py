"""Command line: python -m analysis {demo,validate,import,export,versions,restore,score}.

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
from analysis.io.store import Store, StoreError
from analysis.schemas import KINDS

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
    from analysis.io.columns import Mapping

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
    """Validate the file; without --mapping, a mapping saved in the store for these headers applies."""
    from functools import partial

    from analysis.io.importing import prepare
    from analysis.io.mappings import find_mapping

    mapping = _load_mapping(args.mapping)
    lookup = None if mapping is not None else partial(find_mapping, _store(args).directory, args.kind)
    prepared = prepare(
        args.kind, _read_file(args.file), args.file.name, mapping=mapping, sheet=args.sheet, mapping_lookup=lookup
    )
    if prepared.mapping_source == "saved":
        print(
            "using the column mapping saved for these headers" if args.lang == "en" else "已使用为这些表头保存的列映射",
            file=sys.stderr,
        )
    return prepared


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
    from analysis.io.exports import neutralise

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


def cmd_score(args: argparse.Namespace) -> int:
    from analysis.io.exports import to_csv_bytes, to_excel_bytes
    from analysis.market.features import build_features_sql
    from analysis.market.scoring import TIERS, ScoringConfig, load_preset, score_regions
    from analysis.methods.capacity import ASSUMPTION_PRESETS

    if args.out is not None and args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise _UsageError(f"--out must end in .csv or .xlsx, got {args.out.name}")
    try:
        config = load_preset(args.weights) if args.weights else ScoringConfig()
    except (OSError, ValueError) as exc:
        raise _UsageError(f"cannot use weights {args.weights}: {exc}") from exc
    province_id = None
    if args.province:
        from analysis.geo.regions import default_resolver

        found = default_resolver().resolve_one(args.province)
        if found.status != "ok" or found.level != "province":
            reason = found.message("en") or f"it is a {found.level}, not a province"
            raise _UsageError(f"--province {args.province!r}: {reason}")
        province_id = found.region_id
    store = _store(args)
    if store.current_version("sales") is None:
        print(
            f"no sales data in {store.path}: import sales first "
            f"(or write the demo data: python -m analysis demo --store {store.directory})",
            file=sys.stderr,
        )
        return EXIT_DATA
    features = build_features_sql(store, args.level, ASSUMPTION_PRESETS[args.category], province_id)
    scored = score_regions(features, config)
    counts = scored["tier"].value_counts()
    summary = ", ".join(f"{tier} {counts.get(tier, 0):,}" for tier in TIERS)
    if args.out is None:
        sys.stdout.write(export_frame(scored).decode("utf-8"))
    else:
        data = to_csv_bytes(scored) if args.out.suffix.lower() == ".csv" else to_excel_bytes({"scores": scored})
        args.out.write_bytes(data)
    target = f" written to {args.out}" if args.out else ""
    print(f"{args.level}: {len(scored):,} regions scored ({summary}){target}", file=sys.stderr)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import re

    from analysis.geo.regions import default_resolver
    from analysis.i18n import t
    from analysis.summary.build import available_months, build_summary
    from analysis.summary.report import build_excel, build_pdf, pdf_page_count

    zh = args.lang == "zh"
    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise _UsageError(f"--out must end in .xlsx or .pdf, got {args.out.name}")
    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        raise _UsageError(f"--month must be YYYY-MM, got {args.month!r}")
    province_id = None
    if args.province:
        found = default_resolver().resolve_one(args.province)
        if found.status != "ok" or found.level != "province":
            level = t(f"level.{found.level}", args.lang)
            reason = found.message(args.lang) or (
                f"这是{level}，不是省" if zh else f"it is a {level.lower()}, not a province"
            )
            raise _UsageError(f"--province {args.province!r}: {reason}")
        province_id = found.region_id
    store = _store(args)
    if store.current_version("sales") is None:
        hint = f"python -m analysis demo --store {store.directory}"
        print(
            f"{store.path} 中没有销售数据：请先导入销售数据（或写入演示数据：{hint}）"
            if zh
            else f"no sales data in {store.path}: import sales first (or write the demo data: {hint})",
            file=sys.stderr,
        )
        return EXIT_DATA
    sales = store.read("sales")
    months = available_months(sales)
    if args.month and args.month not in months:
        span = f"{months[-1]} – {months[0]}"
        print(
            f"{args.month} 没有销售数据；可选月份：{span}" if zh else f"no sales in {args.month}; sales cover {span}",
            file=sys.stderr,
        )
        return EXIT_DATA
    started = time.perf_counter()
    frames = {kind: sales if kind == "sales" else store.read(kind) for kind in KINDS}
    is_demo = store.versions("sales").query("current")["source"].eq("demo").any()
    summary = build_summary(frames, args.month, province_id, is_demo=bool(is_demo))
    data = build_excel(summary, args.lang) if suffix == ".xlsx" else build_pdf(summary, args.lang)
    args.out.write_bytes(data)
    pages = (f"，{pdf_page_count(data)} 页" if zh else f", {pdf_page_count(data)} pages") if suffix == ".pdf" else ""
    seconds = time.perf_counter() - started
    print(
        f"{summary.month} {summary.scope_name(args.lang)}：已写入 {args.out}（{seconds:.1f} 秒{pages}）"
        if zh
        else f"{summary.month} {summary.scope_name(args.lang)}: written to {args.out} in {seconds:.1f}s{pages}"
    )
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
        add_store(p)  # validate too: the store holds the saved column mappings
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

    p = sub.add_parser("score", help="score and tier regions; every column of the scored output")
    p.add_argument("--level", choices=["county", "city"], default="county")
    p.add_argument("--province", help="only this province (name, pinyin or adcode)")
    p.add_argument("--weights", help="a TOML preset file, or a bundled preset: default, growth, whitespace")
    p.add_argument(
        "--category",
        choices=["water_purifier", "water_heater", "water_softener"],
        default="water_purifier",
        help="capacity assumptions of this product category",
    )
    p.add_argument("--out", type=Path, help="write .csv or .xlsx (default: CSV to standard output)")
    add_store(p)
    p.set_defaults(func=cmd_score)

    p = sub.add_parser("report", help="the monthly executive summary as Excel (.xlsx) or PDF (.pdf)")
    p.add_argument("--month", help="YYYY-MM (default: the latest complete month)")
    p.add_argument("--out", type=Path, required=True, help="FILE.xlsx or FILE.pdf")
    p.add_argument("--lang", choices=["zh", "en"], default="zh")
    p.add_argument("--province", help="only this province (name, pinyin or adcode; default: all of China)")
    add_store(p)
    p.set_defaults(func=cmd_report)
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
