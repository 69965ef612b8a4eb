"""The audit command: who imported, restored, mapped or saved what, and when.

    python -m analysis audit [--user EMAIL] [--action PREFIX] [--kind KIND] [--since YYYY-MM-DD]
                             [--limit N] [--format table|csv] [--store LOCATION] [--lang zh|en]

Newest first. The table has headers in the language of --lang; the CSV keeps the store's column
names (`AUDIT_COLUMNS`) and values as stored, for scripts.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata

from analysis.cli.common import EXIT_OK, UsageError, add_lang, add_store, say, store_of


def register(sub) -> None:
    """Add `audit` to the sub-parsers `sub`."""
    from analysis.schemas import KINDS

    p = sub.add_parser("audit", help="the audit trail: imports, restores, mapping and scenario saves, newest first")
    add_store(p)
    add_lang(p)
    p.add_argument("--user", help="only this user (e-mail address or login name)")
    p.add_argument("--action", help="only actions starting with this (import, restore, scenario., ...)")
    p.add_argument("--kind", choices=sorted(KINDS), help="only this kind of data")
    p.add_argument("--since", help="only entries from this day on (YYYY-MM-DD, UTC)")
    p.add_argument("--limit", type=int, help="at most this many entries")
    p.add_argument("--format", choices=["table", "csv"], default="table", help="table (default) or csv")
    p.set_defaults(func=cmd_audit)


def _width(text: str) -> int:
    """Columns a text takes in a terminal (Chinese characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table_text(frame, headers: list[str]) -> str:
    """Rows of text as aligned columns under `headers` (a rule below them).

    >>> print(table_text([["1", "导入"], ["12", "x"]], ["No.", "操作"]))
    No.  操作
    ---  ----
    1    导入
    12   x
    """
    rows = [list(map(str, row)) for row in frame]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    return "\n".join(lines)


def cmd_audit(args: argparse.Namespace) -> int:
    """Print the audit trail, filtered."""
    from analysis.fields import field
    from analysis.io.audit import SHOWN, parse_since, readable

    try:
        since = parse_since(args.since)
    except ValueError as exc:
        raise UsageError(say(args, "cli.audit.since", value=args.since)) from exc
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be 1 or more")
    store = store_of(args)
    trail = store.audit(user=args.user, action=args.action, kind=args.kind, since=since, limit=args.limit)
    if args.format == "csv":
        trail.to_csv(sys.stdout, index=False, lineterminator="\n")
        return EXIT_OK
    if trail.empty:
        print(say(args, "cli.audit.none", path=store.location), file=sys.stderr)
        return EXIT_OK
    shown = readable(trail, args.lang).astype("object")
    shown = shown.where(shown.notna(), "")
    headers = [field(name).label(args.lang) for name in SHOWN]
    print(table_text(shown.astype(str).itertuples(index=False), headers))
    return EXIT_OK
