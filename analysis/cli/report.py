"""Report commands: report (the monthly executive summary as a file)."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, province_id, say, store_of
from analysis.schemas import KINDS


def register(sub) -> None:
    """Add the report commands to the sub-parsers `sub`."""
    p = sub.add_parser("report", help="the monthly executive summary as Excel (.xlsx) or PDF (.pdf)")
    p.add_argument("--month", help="YYYY-MM (default: the latest complete month)")
    p.add_argument("--out", type=Path, required=True, help="FILE.xlsx or FILE.pdf")
    add_lang(p, default="zh")
    p.add_argument("--province", help="only this province (name, pinyin or adcode; default: all of China)")
    add_store(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Write the summary of a month and scope to the file `--out` names."""
    from analysis.summary.build import available_months, build_summary
    from analysis.summary.report import build_excel, build_pdf, pdf_page_count

    suffix = args.out.suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise UsageError(say(args, "cli.bad_suffix", option="--out", first=".xlsx", second=".pdf", name=args.out.name))
    if args.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", args.month):
        raise UsageError(say(args, "cli.bad_month", value=args.month))
    province = province_id(args.province, args.lang)
    store = store_of(args)
    if store.current_version("sales") is None:
        print(say(args, "cli.no_sales", path=store.path, store=store.directory), file=sys.stderr)
        return EXIT_DATA
    sales = store.read("sales")
    months = available_months(sales)
    if args.month and args.month not in months:
        print(say(args, "cli.report.no_month", month=args.month, first=months[-1], last=months[0]), file=sys.stderr)
        return EXIT_DATA
    started = time.perf_counter()
    frames = {kind: sales if kind == "sales" else store.read(kind) for kind in KINDS}
    is_demo = store.versions("sales").query("current")["source"].eq("demo").any()
    summary = build_summary(frames, args.month, province, is_demo=bool(is_demo))
    data = build_excel(summary, args.lang) if suffix == ".xlsx" else build_pdf(summary, args.lang)
    args.out.write_bytes(data)
    pages = say(args, "cli.report.pages", n=pdf_page_count(data)) if suffix == ".pdf" else ""
    print(
        say(
            args,
            "cli.report.done",
            month=summary.month,
            scope=summary.scope_name(args.lang),
            path=args.out,
            seconds=f"{time.perf_counter() - started:.1f}",
            pages=pages,
        )
    )
    return EXIT_OK
