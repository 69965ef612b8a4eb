"""Territory commands: `territories design` — contiguous, balanced territories for a province."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, province_id, say, store_of


def register(sub) -> None:
    """Add the territory commands to the sub-parsers `sub`."""
    group = sub.add_parser("territories", help="territory design")
    commands = group.add_subparsers(dest="territories_command", required=True, parser_class=type(group))
    p = commands.add_parser("design", help="cut a province into k contiguous territories that balance scored columns")
    p.add_argument("--scope", required=True, help="the province (name, pinyin or adcode)")
    p.add_argument("--k", type=int, required=True, help="number of territories")
    p.add_argument(
        "--balance",
        default="capacity=1",
        help="scored columns and weights, e.g. capacity=0.7,whitespace=0.3 (capacity is capacity_units)",
    )
    p.add_argument("--tolerance", type=float, default=0.05, help="allowed deviation from each target (0.05 = ±5 %%)")
    p.add_argument("--compactness", type=float, default=1.0, help="weight of compactness (0 = balance only)")
    p.add_argument("--lock", type=Path, help="CSV or Excel with region_id, territory: counties fixed to a territory")
    p.add_argument("--seed", type=Path, help="CSV or Excel with territory, region_id: each territory's seat county")
    p.add_argument("--exclude", type=Path, help="CSV or Excel with region_id: counties left out")
    p.add_argument("--random-seed", type=int, default=0, help="seed of the solver's random choices")
    p.add_argument("--scenario", help="the scenario whose scored columns are balanced (default: the default one)")
    p.add_argument("--out", type=Path, help="write one row per county (region_id, territory_id, …) as .csv or .xlsx")
    p.add_argument("--save", action="store_true", help="store the design as a new version of the territories")
    p.add_argument("--demo", action="store_true", help="design on the built-in demo data instead of the store")
    add_store(p)
    add_lang(p)
    p.set_defaults(func=cmd_design)


def _table(path: Path, option: str, lang: str):
    """A small CSV or Excel file as a frame of text, or a usage error naming it."""
    import pandas as pd

    from analysis.cli.common import read_file
    from analysis.i18n import t

    raw = read_file(path)
    try:
        if path.suffix.lower() in (".xlsx", ".xls"):
            import io

            return pd.read_excel(io.BytesIO(raw), dtype=str, engine="openpyxl")
        import io

        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return pd.read_csv(io.StringIO(raw.decode(encoding)), dtype=str)
            except UnicodeDecodeError:
                continue
        raise ValueError("not UTF-8 or GB18030 text")
    except (ValueError, OSError) as exc:
        raise UsageError(t("territories.cli.bad_file", lang, option=option, path=path, detail=exc)) from exc


def _province(value: str, lang: str) -> str:
    """The province a --scope names.

    Its adcode, name, short name, English name or pinyin (others go through the region resolver, which also explains a
    name that is not a province).
    """
    from analysis.geo.boundaries import load_regions

    provinces = load_regions("province")
    text = value.strip().casefold()
    columns = ("region_id", "name", "short_name", "name_en", "pinyin")
    hits = {rid for c in columns for rid, v in zip(provinces["region_id"], provinces[c], strict=True)
            if str(v).casefold() == text}  # fmt: skip
    return hits.pop() if len(hits) == 1 else province_id(value, lang)


def _named(territory: str, labels: dict[str, str]) -> str:
    """A territory as printed: its id and, when it has one, its distributor."""
    label = labels.get(territory, territory)
    return territory if label == territory else f"{territory} {label}"


def cmd_design(args: argparse.Namespace) -> int:
    """Design the territories of one province; print the balance; write and store them when asked."""
    started = time.perf_counter()
    import pandas as pd

    from analysis.formats import fmt
    from analysis.geo.boundaries import load_regions
    from analysis.market import scenarios
    from analysis.market.scoring import score_regions
    from analysis.territories import current as cur
    from analysis.territories.inputs import BALANCE_KINDS, design_units, parse_balance, read_pairs
    from analysis.territories.narrative import infeasible_text, variable_label
    from analysis.territories.solver import design

    lang = args.lang
    if args.out is not None and args.out.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(say(args, "cli.bad_suffix", option="--out", first=".csv", second=".xlsx", name=args.out.name))
    if args.save and args.demo:
        raise UsageError("--save stores into the store; it cannot be combined with --demo")
    province = _province(args.scope, lang)
    counties = load_regions("county")
    scope_ids = counties.loc[counties["province_id"] == province, "region_id"].tolist()
    store = None if args.demo else store_of(args)
    try:
        scenario = scenarios.load(args.scenario or scenarios.DEFAULT_NAME, store)
    except (KeyError, ValueError) as exc:
        raise UsageError(f"--scenario {args.scenario}: {exc}") from exc
    if args.demo:
        from analysis.demo import generate_demo
        from analysis.market.features import build_features

        frames = generate_demo()
        features = build_features(frames, "county", scenario.market, (province,))
        territories, distributors = frames["territories"], frames["distributors"]
        sales = frames["sales"][frames["sales"]["region_id"].isin(scope_ids)]
    else:
        from analysis.market.features import build_features_sql

        if store.current_version("sales") is None:
            print(say(args, "cli.no_sales", path=store.location, store=store.location), file=sys.stderr)
            return EXIT_DATA
        features = build_features_sql(store, "county", scenario.market, (province,))
        territories, distributors = store.read("territories"), store.read("distributors")
        columns = ["region_id", "month", "units", "distributor_id"]
        sales = store.read("sales", columns=columns, where=("region_id", scope_ids))
    scored = score_regions(features, scenario)
    if scored.empty:
        print(say(args, "territories.cli.no_counties", scope=args.scope), file=sys.stderr)
        return EXIT_DATA
    try:
        balance = parse_balance(args.balance, [c for c in scored.columns if pd.api.types.is_numeric_dtype(scored[c])])
    except ValueError as exc:
        raise UsageError(say(args, "territories.cli.bad_balance", value=args.balance, detail=exc)) from exc
    locks = read_pairs(_table(args.lock, "--lock", lang), "locks") if args.lock else {}
    seeds = read_pairs(_table(args.seed, "--seed", lang), "seeds") if args.seed else {}
    exclude = []
    if args.exclude:
        frame = _table(args.exclude, "--exclude", lang)
        column = next((c for c in ("region_id", "region", "county") if c in frame.columns), frame.columns[0])
        exclude = frame[column].astype(str).str.strip().tolist()
    units = design_units(scored, counties, balance)
    try:
        result = design(
            units, args.k, balance, tolerance=args.tolerance, compactness=args.compactness, locks=locks, seeds=seeds,
            exclude=exclude, seed=args.random_seed,
        )  # fmt: skip
    except ValueError as exc:
        raise UsageError(str(exc)) from exc

    month = cur.coming_month(sales)
    now = cur.current_assignment(territories, units["region_id"], month=month, distributors=distributors, sales=sales)
    weight = units.set_index("region_id")["capacity_units"] if "capacity_units" in units else None
    holders = cur.name_territories(result.assignment, now, weight, reserved=list(seeds))
    known = set(distributors["distributor_id"].astype(str))
    names = dict(zip(distributors["distributor_id"], distributors["name"], strict=True))
    labels = {tid: names.get(h, h) if h in known else tid for tid, h in holders.items()}
    for row in result.balance.to_dict("records"):
        variable = result.problem.variables[0]
        off = row["max_dev"] > result.problem.tolerance + 1e-9 or not row["contiguous"]
        print(
            say(
                args, "territories.cli.territory", territory=_named(row["territory"], labels),
                counties=row["units"], variable=variable_label(variable),
                value=fmt(row[variable], BALANCE_KINDS.get(variable, "units"), lang),
                deviation=fmt(row[f"{variable}_dev"], "growth", lang),
                flag=say(args, "territories.cli.off") if off else "",
            ),
            file=sys.stderr,
        )  # fmt: skip
    for reason in result.infeasible:
        print(say(args, "territories.cli.unmet", reason=infeasible_text(reason, labels).render(lang)), file=sys.stderr)

    assigned = result.assignment.dropna().astype(str)
    out = pd.DataFrame(
        {
            "region_id": assigned.index,
            "territory_id": assigned.to_numpy(),
            "distributor_id": [holders.get(t_, "") if holders.get(t_) in known else "" for t_ in assigned],
            "name": assigned.index.map(dict(zip(units["region_id"], units["name"], strict=True))),
            "reason": result.explain.set_index("region_id").reindex(assigned.index)["reason"].to_numpy(),
            **{v: assigned.index.map(dict(zip(units["region_id"], units[v], strict=True))) for v in balance},
        }
    )
    if args.out is not None:
        from analysis.io.exports import to_csv_bytes, to_excel_bytes

        data = to_csv_bytes(out) if args.out.suffix.lower() == ".csv" else to_excel_bytes({"territories": out})
        args.out.write_bytes(data)
    contiguous = say(args, "territories.cli.contiguous" if result.contiguous else "territories.cli.split")
    print(
        say(
            args, "territories.cli.done", scope=args.scope, k=len(result.territories), counties=len(assigned),
            max_dev=fmt(result.balance["max_dev"].max(), "share", lang), contiguous=contiguous,
            seconds=f"{time.perf_counter() - started:.2f}",
            target=say(args, "cli.written_to", path=args.out) if args.out else "",
        ),
        file=sys.stderr,
    )  # fmt: skip
    if args.save:
        vacant = [tid for tid, h in holders.items() if h not in known]
        if vacant:
            print(say(args, "territories.cli.vacant", territories=", ".join(vacant)), file=sys.stderr)
            return EXIT_DATA
        rows = cur.territory_rows(assigned.map(holders), territories, month)
        params = {**result.params, "exclude": list(result.params.get("exclude", ()))}
        info = cur.save_design(store, rows, scope=[province], params=params, note="territories design (command line)")
        print(say(args, "territories.cli.saved", version=info.version, rows=f"{info.rows:,}", month=month),
              file=sys.stderr)  # fmt: skip
    return EXIT_OK
