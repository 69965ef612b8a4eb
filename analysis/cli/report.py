"""Report commands: report (the monthly executive summary as Excel, PDF or a meeting deck; one per province).

Exit codes: 0 every file written; 1 a data problem (no sales, no sales in the month, a scope that
could not be written — the others are still written); 2 a usage error. Each file written gets one
line on standard output (path, scope, month, size, seconds); `--each` ends with a total line.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, province_id, say, store_of

FORMATS = (".xlsx", ".pdf", ".pptx")


def register(sub) -> None:
    """Add the report commands to the sub-parsers `sub`."""
    p = sub.add_parser(
        "report",
        help="the monthly executive summary as Excel (.xlsx), PDF (.pdf) or a meeting deck (.pptx)",
        description="Write the monthly summary of a month and scope to a file whose extension picks the "
        "format; with --each province, one file per province and one for all of China.",
    )
    p.add_argument("--month", help="YYYY-MM (default: the latest complete month)")
    p.add_argument(
        "--out",
        type=Path,
        required=True,
        help="FILE.xlsx, FILE.pdf or FILE.pptx; with --each province a directory (format from --format) or "
        "DIR/NAME.EXT (files DIR/NAME_<month>_<scope>.EXT)",
    )
    add_lang(p, default="zh")
    p.add_argument("--province", help="only this province (name, pinyin or adcode; default: all of China)")
    p.add_argument("--each", choices=["province"], help="one file per province with data, and one for China")
    p.add_argument(
        "--format",
        choices=[s.lstrip(".") for s in FORMATS],
        default="pptx",
        help="the format of --each files when --out is a directory (default: pptx)",
    )
    p.add_argument(
        "--scenario", help="a saved or shipped scoring scenario for the tier migrations (default: the built-in default)"
    )
    add_store(p)
    p.set_defaults(func=cmd_report)


def _targets(args: argparse.Namespace) -> tuple[Path, str, str]:
    """Where `--each` files go: the directory, the file name prefix and the extension."""
    out = args.out
    if out.suffix.lower() in FORMATS:
        return out.parent, out.stem, out.suffix.lower()
    if out.suffix:
        raise UsageError(say(args, "summary.cli.bad_each_out", name=out.name))
    return out, "summary", f".{args.format}"


def _scope_code(scope: str | None) -> str:
    """CN, or the province's adcode and English name: 330000_Zhejiang."""
    if not scope:
        return "CN"
    from analysis.geo import boundaries

    row = boundaries.load_regions("province").set_index("region_id").loc[scope]
    return f"{scope}_{re.sub(r'[^A-Za-z0-9]+', '', str(row['name_en']))}"


def _render(summary, suffix: str, lang: str, scenario: str) -> tuple[bytes, str]:
    """The file's bytes and what it holds ("14 slides", "5 pages", "13 sheets")."""
    if suffix == ".pptx":
        from analysis.summary.deck import build_deck, slide_count

        data = build_deck(summary, lang, scenario=scenario)
        return data, ("summary.cli.slides", slide_count(data))
    if suffix == ".pdf":
        from analysis.summary.pdf import build_pdf, page_count

        data = build_pdf(summary, lang)
        return data, ("summary.cli.pages", page_count(data))
    from analysis.summary.excel import build_excel
    from analysis.summary.tables import sheets

    return build_excel(summary, lang), ("summary.cli.sheets", len(sheets(summary, lang)) + 1)


def _scenario_label(args: argparse.Namespace) -> str:
    """The scenario's name as the reader knows it (a shipped preset by its title)."""
    from analysis.i18n import CATALOG
    from analysis.market.scenarios import DEFAULT_NAME

    name = args.scenario or DEFAULT_NAME
    key = f"scenario.preset.{name}"
    return say(args, key) if key in CATALOG else name


def _write(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically: a reader (or a mail job) never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cmd_report(args: argparse.Namespace) -> int:
    """Write the summary of a month and scope (or of every province) to the file(s) `--out` names."""
    from analysis.market import scenarios
    from analysis.summary.build import scopes_with_data
    from analysis.summary.months import available_months, latest_complete_month

    if args.each:
        if args.province:
            raise UsageError(say(args, "summary.cli.each_with_province"))
        directory, prefix, suffix = _targets(args)
    else:
        suffix = args.out.suffix.lower()
        if suffix not in FORMATS:
            raise UsageError(say(args, "summary.cli.bad_suffix", name=args.out.name))
    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        raise UsageError(say(args, "cli.bad_month", value=args.month))
    province = province_id(args.province, args.lang)
    store = store_of(args)
    scenario = None
    if args.scenario:
        try:
            scenario = scenarios.load(args.scenario, store if store.exists() else None)
        except ValueError as exc:
            raise UsageError(say(args, "summary.cli.bad_scenario", detail=str(exc))) from exc
    if store.current_version("sales") is None:
        print(say(args, "cli.no_sales", path=store.location, store=store.location), file=sys.stderr)
        return EXIT_DATA
    started = time.perf_counter()
    frames = store.read_all()
    months = available_months(frames["sales"])
    if args.month and args.month not in months:
        print(say(args, "cli.report.no_month", month=args.month, first=months[-1], last=months[0]), file=sys.stderr)
        return EXIT_DATA
    month = args.month or latest_complete_month(frames["sales"])
    is_demo = bool(store.versions("sales").query("current")["source"].eq("demo").any())
    scopes = [None, *scopes_with_data(frames, month)] if args.each else [province]
    options = {"is_demo": is_demo, "scenario": scenario}
    written = failed = 0
    clock = time.perf_counter()
    for scope, summary in zip(scopes, _summaries(frames, month, scopes, options), strict=True):
        label = summary.scope_name(args.lang) if not isinstance(summary, Exception) else str(scope)
        path = args.out if not args.each else directory / f"{prefix}_{month}_{_scope_code(scope)}{suffix}"
        try:
            if isinstance(summary, Exception):
                raise summary
            data, (size_key, n) = _render(summary, suffix, args.lang, _scenario_label(args))
            _write(path, data)
        except (ValueError, KeyError, OSError) as exc:
            failed += 1
            print(say(args, "summary.cli.failed", scope=label, detail=str(exc)), file=sys.stderr)
            clock = time.perf_counter()
            continue
        written += 1
        seconds = f"{time.perf_counter() - clock:.1f}"
        print(
            say(
                args,
                "summary.cli.done",
                path=path,
                scope=label,
                month=month,
                size=say(args, size_key, n=n),
                seconds=seconds,
            )
        )
        clock = time.perf_counter()
    if args.each:
        total = f"{time.perf_counter() - started:.1f}"
        print(say(args, "summary.cli.each_done", n=written, path=directory, failed=failed, seconds=total))
    return EXIT_OK if not failed else EXIT_DATA


def _summaries(frames, month, scopes, options):
    """The summaries of `scopes`, the month's country-wide work done once; a failed scope yields its error."""
    from analysis.summary.build import build_summary, review_facts

    facts = review_facts(frames, month, scenario=options.get("scenario"))
    for scope in scopes:
        try:
            yield build_summary(frames, month, scope, facts=facts, **options)
        except ValueError as exc:
            yield exc
