"""Scenario commands: list, show, save, delete, versions, restore.

A scenario is everything that decides a score (`analysis.market.scenarios`). The shipped presets
are read-only; saved scenarios live in the store, versioned: saving again or deleting adds a
version, and any earlier version can be restored.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import EXIT_DATA, EXIT_OK, UsageError, add_lang, add_store, say, store_of


def register(sub) -> None:
    """Add `scenario <action>` to the sub-parsers `sub`."""
    p = sub.add_parser("scenario", help="list, show, save, delete and restore scenarios")
    actions = p.add_subparsers(dest="action", required=True, parser_class=type(p))

    def action(name: str, help_: str, func) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=help_)
        add_store(a)
        add_lang(a)
        a.set_defaults(func=func)
        return a

    action("list", "every scenario: the presets, then the saved ones", cmd_list)
    a = action("show", "a scenario as TOML (the format `save` reads)", cmd_show)
    a.add_argument("name")
    a.add_argument("--version", type=int, help="an earlier version of a saved scenario")
    a = action("save", "save a TOML file as a scenario (a new version when the name exists)", cmd_save)
    a.add_argument("file", type=Path)
    a.add_argument("--name", help="save under this name instead of the file's")
    a.add_argument("--user", help="who saves it (default: the login name)")
    a = action("delete", "delete a saved scenario (its versions stay and can be restored)", cmd_delete)
    a.add_argument("name")
    a.add_argument("--user")
    a = action("versions", "every version of a saved scenario, newest first", cmd_versions)
    a.add_argument("name")
    a = action("restore", "make an earlier version of a saved scenario the newest again", cmd_restore)
    a.add_argument("name")
    a.add_argument("version", type=int)
    a.add_argument("--user")


def _label(name: str, lang: str) -> str:
    from analysis.i18n import CATALOG, t

    key = f"scenario.preset.{name}"
    return t(key, lang) if key in CATALOG else name


def cmd_list(args: argparse.Namespace) -> int:
    """Print name, origin, version and who saved it, one scenario per line."""
    from analysis.market import scenarios

    store = store_of(args)
    saved = store.documents(scenarios.COLLECTION).set_index("name") if store.exists() else None
    shipped = scenarios.presets()
    for name in scenarios.names(store if store.exists() else None):
        if saved is not None and name in saved.index:
            row = saved.loc[name]
            origin = say(args, "cli.scenario.saved", version=row["version"], user=row["user_name"],
                         when=str(row["created_at"])[:16])  # fmt: skip
            description = scenarios.load(name, store).description
        else:
            origin = say(args, "cli.scenario.preset")
            description = shipped[name].description
        print(f"{name}\t{_label(name, args.lang)}\t{origin}\t{description}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    """Print one scenario as TOML."""
    from analysis.market import scenarios

    store = store_of(args)
    try:
        scenario = scenarios.load(args.name, store if store.exists() else None, args.version)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    sys.stdout.write(scenarios.to_toml(scenario))
    return EXIT_OK


def cmd_save(args: argparse.Namespace) -> int:
    """Validate a TOML file and save it as a new version of the scenario it names."""
    import dataclasses

    from analysis.market import scenarios

    try:
        scenario = scenarios.load_file(args.file)
    except OSError as exc:
        raise UsageError(f"{args.file}: {exc.strerror}") from exc
    except ValueError as exc:
        print(say(args, "cli.scenario.invalid", detail=exc), file=sys.stderr)
        return EXIT_DATA
    if args.name:
        scenario = dataclasses.replace(scenario, name=args.name)
    if scenario.name in scenarios.presets():
        raise UsageError(say(args, "cli.scenario.preset_read_only", name=scenario.name))
    store = store_of(args)
    version = scenarios.save(store, scenario, user=args.user)
    print(say(args, "cli.scenario.saved_as", name=scenario.name, version=version), file=sys.stderr)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete a saved scenario."""
    from analysis.market import scenarios

    if args.name in scenarios.presets():
        raise UsageError(say(args, "cli.scenario.preset_read_only", name=args.name))
    store = store_of(args)
    try:
        scenarios.delete(store, args.name, user=args.user)
    except ValueError as exc:
        raise UsageError(str(exc)) from exc
    print(say(args, "cli.scenario.deleted", name=args.name), file=sys.stderr)
    return EXIT_OK


def cmd_versions(args: argparse.Namespace) -> int:
    """Print every version of a saved scenario."""
    from analysis.market import scenarios

    store = store_of(args)
    versions = store.document_versions(scenarios.COLLECTION, args.name)
    if versions.empty:
        raise UsageError(say(args, "cli.scenario.none_saved", name=args.name))
    for row in versions.itertuples(index=False):
        state = say(args, "cli.scenario.deleted_mark") if row.deleted else ""
        print(f"{row.version}\t{str(row.created_at)[:19]}\t{row.user_name}\t{state}".rstrip())
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Save an earlier version again as the newest."""
    from analysis.io.store import StoreError
    from analysis.market import scenarios

    store = store_of(args)
    try:
        version = store.restore_document(scenarios.COLLECTION, args.name, args.version, user=args.user)
    except StoreError as exc:
        raise UsageError(say(args, "cli.scenario.no_version", name=args.name, version=args.version)) from exc
    print(say(args, "cli.scenario.restored", name=args.name, version=args.version, new=version), file=sys.stderr)
    return EXIT_OK
