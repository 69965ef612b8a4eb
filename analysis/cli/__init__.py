"""The command line, `python -m analysis <command>`: one module per group of commands.

Each module in `COMMAND_MODULES` has a `register(sub)` that adds its sub-commands. Exit codes are
the same for every command: 0 done, 1 a data problem (every finding printed, nothing stored),
2 a usage error. Messages come from the text catalog in the language of `--lang`.
"""

from __future__ import annotations

import importlib
import sys

from analysis.cli.common import EXIT_DATA, EXIT_USAGE, Parser, UsageError, say
from analysis.io.store import StoreError

COMMAND_MODULES = (
    "analysis.cli.data",
    "analysis.cli.market",
    "analysis.cli.scenario",
    "analysis.cli.report",
    "analysis.cli.territories",
    "analysis.cli.audit",
)


def build_parser() -> Parser:
    """The parser with every command of `COMMAND_MODULES`."""
    parser = Parser(prog="python -m analysis", description="Territory Atlas command line.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; returns its exit code (never raises on bad data or a store fault)."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except UsageError as exc:
        print(say(args, "cli.usage_error", detail=exc), file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        print(say(args, "cli.store_error", detail=exc.message(getattr(args, "lang", "en"))), file=sys.stderr)
        return EXIT_DATA
