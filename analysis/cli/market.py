"""Market commands: score."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    UsageError,
    add_lang,
    add_scenario,
    add_store,
    province_id,
    say,
    scenario_of,
    store_of,
)


def register(sub) -> None:
    """Add the market commands to the sub-parsers `sub`."""
    p = sub.add_parser("score", help="score and tier regions with a scenario; every column of the scored output")
    p.add_argument("--level", choices=["county", "city", "province"], default="county")
    p.add_argument("--province", help="only this province (name, pinyin or adcode); tiers are then within it")
    add_scenario(p)
    p.add_argument(
        "--category", help="score this product category instead of the scenario's ('all' for every category)"
    )
    p.add_argument("--out", type=Path, help="write .csv or .xlsx (default: CSV to standard output)")
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    """Score every region of the level from the store's current versions with the scenario."""
    import dataclasses

    from analysis.io.exports import to_csv_bytes, to_excel_bytes
    from analysis.io.levels import accounting_texts, level_accounting
    from analysis.market.explain import reasons
    from analysis.market.features import build_features_sql
    from analysis.market.scoring import TIERS, score_regions

    if args.out is not None and args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(say(args, "cli.bad_suffix", option="--out", first=".csv", second=".xlsx", name=args.out.name))
    province = province_id(args.province, args.lang)
    store = store_of(args)
    scenario = scenario_of(args, store)
    if args.category:
        scenario = dataclasses.replace(scenario, category=args.category)
    if not store.exists() or store.current_version("sales") is None:
        print(say(args, "cli.no_sales", path=store.location, store=store.location), file=sys.stderr)
        return EXIT_DATA
    features = build_features_sql(store, args.level, scenario.market, province)
    scored = score_regions(features, scenario)
    scored = scored.join(reasons(scored, scenario, args.lang))
    if args.out is None:
        sys.stdout.write(to_csv_bytes(scored).decode("utf-8-sig"))
    elif args.out.suffix.lower() == ".csv":
        args.out.write_bytes(to_csv_bytes(scored))
    else:
        args.out.write_bytes(to_excel_bytes({"scores": scored}, lang=args.lang))
    counts = scored["tier"].value_counts()
    tiers = ", ".join(f"{tier} {counts.get(tier, 0):,}" for tier in TIERS)
    target = say(args, "cli.written_to", path=args.out) if args.out else ""
    print(
        say(args, "cli.score.done", level=args.level, n=f"{len(scored):,}", tiers=tiers, target=target,
            scenario=scenario.name),
        file=sys.stderr,
    )  # fmt: skip
    sales = store.read("sales", columns=["region_id", "units", "revenue"])
    for note in accounting_texts(level_accounting(sales, args.level), args.level):
        print(note.render(args.lang), file=sys.stderr)
    return EXIT_OK
