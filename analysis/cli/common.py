"""What every command shares: exit codes, the store option, the language and its messages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import config
from analysis.i18n import t
from analysis.io.store import Store

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    """argparse that exits 2 on a usage error and says so plainly."""

    def error(self, message: str) -> None:
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


class UsageError(Exception):
    """A command line that cannot be run as given (a bad option value, an unreadable file)."""


def add_store(parser: argparse.ArgumentParser) -> None:
    """The `--store LOCATION` option: a directory or a postgresql:// URL."""
    parser.add_argument(
        "--store",
        help=f"store directory or postgresql:// URL (default: ${config.STORE_ENV}, else "
        f"{config.default_store_location()})",
    )


def add_lang(parser: argparse.ArgumentParser, default: str = "en") -> None:
    """The `--lang zh|en` option: the language of the command's messages and files."""
    parser.add_argument("--lang", choices=["zh", "en"], default=default, help="language of messages and output")


def add_scenario(parser: argparse.ArgumentParser) -> None:
    """The `--scenario NAME|FILE.toml` option: what decides scores and tiers (default: the default preset)."""
    parser.add_argument(
        "--scenario",
        default="expansion",
        help="a scenario saved in the store or shipped (expansion, defend_and_grow, balanced), or a .toml file",
    )


def scenario_of(args: argparse.Namespace, store: Store):
    """The scenario `--scenario` names, or a usage error listing the known names."""
    from analysis.market import scenarios

    try:
        return scenarios.find(args.scenario, store if store.exists() else None)
    except (OSError, ValueError) as exc:
        raise UsageError(f"--scenario {args.scenario}: {exc}") from exc


def store_of(args: argparse.Namespace) -> Store:
    """The store the command works on."""
    return Store(args.store or config.default_store_location())


def say(args: argparse.Namespace, key: str, **params: object) -> str:
    """A catalog text in the command's language (English when the command has no --lang)."""
    return t(key, getattr(args, "lang", "en"), **params)


def read_file(path: Path) -> bytes:
    """The bytes of an input file, or a usage error that names it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror}") from exc


def province_id(value: str | None, lang: str) -> str | None:
    """The adcode of the province a `--province` option names (name, pinyin or adcode)."""
    if not value:
        return None
    from analysis.geo.regions import default_resolver

    found = default_resolver().resolve_one(value)
    if found.status == "ok" and found.level == "province":
        return found.region_id
    reason = found.message(lang) or t("cli.not_a_province", lang, level=t(f"level.{found.level}", lang))
    raise UsageError(t("cli.bad_province", lang, value=value, reason=reason))
