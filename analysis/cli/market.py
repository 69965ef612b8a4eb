"""Market commands: score."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, province_id, say, store_of


def register(sub) -> None:
    """Add the market commands to the sub-parsers `sub`."""
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
    add_lang(p)
    p.set_defaults(func=cmd_score)


def cmd_score(args: argparse.Namespace) -> int:
    """Score every region of the level from the store's current versions."""
    from analysis.cli.data import export_frame
    from analysis.io.exports import to_csv_bytes, to_excel_bytes
    from analysis.market.features import build_features_sql
    from analysis.market.scoring import TIERS, ScoringConfig, load_preset, score_regions
    from analysis.methods.capacity import ASSUMPTION_PRESETS

    if args.out is not None and args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(say(args, "cli.bad_suffix", option="--out", first=".csv", second=".xlsx", name=args.out.name))
    try:
        config = load_preset(args.weights) if args.weights else ScoringConfig()
    except (OSError, ValueError) as exc:
        raise UsageError(f"--weights {args.weights}: {exc}") from exc
    province = province_id(args.province, args.lang)
    store = store_of(args)
    if store.current_version("sales") is None:
        print(say(args, "cli.no_sales", path=store.path, store=store.directory), file=sys.stderr)
        return EXIT_DATA
    features = build_features_sql(store, args.level, ASSUMPTION_PRESETS[args.category], province)
    scored = score_regions(features, config)
    counts = scored["tier"].value_counts()
    tiers = ", ".join(f"{tier} {counts.get(tier, 0):,}" for tier in TIERS)
    if args.out is None:
        sys.stdout.write(export_frame(scored).decode("utf-8"))
    else:
        data = to_csv_bytes(scored) if args.out.suffix.lower() == ".csv" else to_excel_bytes({"scores": scored})
        args.out.write_bytes(data)
    target = say(args, "cli.written_to", path=args.out) if args.out else ""
    print(
        say(args, "cli.score.done", level=args.level, n=f"{len(scored):,}", tiers=tiers, target=target), file=sys.stderr
    )
    return EXIT_OK
