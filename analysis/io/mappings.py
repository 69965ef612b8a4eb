"""Saved column mappings: a confirmed mapping is kept in the store directory and found again
for the next file with the same headers (`<store>/mappings/<kind>-<signature>.json`)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from analysis.io.columns import PARENT_CITY, PROVINCE, Mapping, mapping_signature
from analysis.schemas import KINDS

MAPPINGS_DIR = "mappings"


def mapping_path(store_dir: str | Path, kind: str, headers: Sequence[str]) -> Path:
    """Where the mapping of `kind` for files with these `headers` is saved.

    >>> mapping_path("/s", "sales", ["城市", "月份"]).parent.as_posix()
    '/s/mappings'
    >>> mapping_path("/s", "sales", ["城市", "月份"]).name.startswith("sales-")
    True
    """
    return Path(store_dir) / MAPPINGS_DIR / f"{kind}-{mapping_signature(headers)}.json"


def save_mapping(store_dir: str | Path, kind: str, mapping: Mapping, headers: Sequence[str]) -> Path:
    """Save a confirmed `mapping` for files of `kind` with these `headers`.

    The file is written next to the store and replaced atomically, so a reader never sees
    half a mapping; saving again for the same headers overwrites the earlier choice.

    Parameters
    ----------
    store_dir : str or Path
        The store directory (created if needed).
    kind : str
        One of `analysis.schemas.KINDS`.
    mapping : Mapping
        The mapping the user confirmed.
    headers : sequence of str
        The headers of the file it was confirmed for.

    Returns
    -------
    Path
        The saved file.

    Raises
    ------
    KeyError
        For an unknown kind.
    """
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    path = mapping_path(store_dir, kind, headers)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(mapping.to_json() + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def find_mapping(store_dir: str | Path, kind: str, headers: Sequence[str]) -> Mapping | None:
    """The saved mapping of `kind` for files with these `headers`, or None.

    Headers match as in `mapping_signature` (order, case, white space and full-width forms
    do not matter); the mapping returned names the headers as this file spells them. Pairs
    that no longer fit (a column the kind lost) are dropped, and a saved file that cannot
    be read counts as no saved mapping.

    Parameters
    ----------
    store_dir : str or Path
    kind : str
    headers : sequence of str
        The headers of the file that just arrived.

    Returns
    -------
    Mapping or None
    """
    path = mapping_path(store_dir, kind, headers)
    try:
        saved = Mapping.load(path)
    except (OSError, ValueError):  # none saved, or damaged: fall back to a fresh guess
        return None
    spelled = {mapping_signature([h]): h for h in headers}
    allowed = {*KINDS[kind].names, PROVINCE, PARENT_CITY}
    columns = tuple(
        (spelled[mapping_signature([h])], c)
        for h, c in saved.columns
        if c in allowed and mapping_signature([h]) in spelled
    )
    units = tuple((c, m) for c, m in saved.money_units if c in allowed)
    return Mapping(columns=columns, money_units=units)
