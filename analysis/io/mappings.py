"""Saved choices of the analyst, kept in the store so that every server sharing it has them.

Column mappings (collection "column_mapping", one document per kind and header set) are found
again for the next file with the same headers; the region map (collection "region_map", document
"regions") holds the region cells the analyst mapped by hand (value -> region id) and applies to
every later file. Mappings saved by earlier versions as JSON files under ``<store>/mappings`` are
read when no document exists yet and written into the store.
"""

from __future__ import annotations

import json
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path

from analysis.geo.names import normalise_text
from analysis.io.columns import PARENT_CITY, PROVINCE, Mapping, mapping_signature
from analysis.io.store import Store, StoreError
from analysis.schemas import KINDS

COLUMN_MAPPINGS = "column_mapping"
REGION_MAPS = "region_map"
REGION_MAP = "regions"
LEGACY_DIR = "mappings"


def _store(store: Store | str | Path) -> Store:
    return store if isinstance(store, Store) else Store(store)


def mapping_name(kind: str, headers: Sequence[str]) -> str:
    """The document name of the mapping of `kind` for files with these `headers`.

    >>> mapping_name("sales", ["城市", "月份"]).startswith("sales-")
    True
    """
    return f"{kind}-{mapping_signature(headers)}"


def save_mapping(
    store: Store | str | Path, kind: str, mapping: Mapping, headers: Sequence[str], *, user: str | None = None
) -> str:
    """Save a confirmed `mapping` for files of `kind` with these `headers` (a new document version, audited).

    Saving again for the same headers makes a newer version; the earlier choice stays in the
    document's history.

    Parameters
    ----------
    store : Store, or a store directory
    kind : str
        One of `analysis.schemas.KINDS`.
    mapping : Mapping
        The mapping the user confirmed.
    headers : sequence of str
        The headers of the file it was confirmed for.
    user : str, optional
        Who saved it (the process's user when omitted).

    Returns
    -------
    str
        The document name.

    Raises
    ------
    KeyError
        For an unknown kind.
    StoreError
        When the store cannot be written.
    """
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; expected one of: {', '.join(KINDS)}")
    name = mapping_name(kind, headers)
    _store(store).put_document(COLUMN_MAPPINGS, name, mapping.to_json(), user=user)
    return name


def find_mapping(store: Store | str | Path, kind: str, headers: Sequence[str]) -> Mapping | None:
    """The saved mapping of `kind` for files with these `headers`, or None.

    Headers match as in `mapping_signature` (order, case, white space and full-width forms
    do not matter); the mapping returned names the headers as this file spells them. Pairs
    that no longer fit (a column the kind lost) are dropped, and a saved mapping that cannot
    be read counts as none. A mapping saved as a file by an earlier version is moved into the
    store the first time it is found.

    Parameters
    ----------
    store : Store, or a store directory
    kind : str
    headers : sequence of str
        The headers of the file that just arrived.

    Returns
    -------
    Mapping or None
    """
    store = _store(store)
    name = mapping_name(kind, headers)
    try:
        body = store.document(COLUMN_MAPPINGS, name)
    except StoreError:
        body = None
    if body is None:
        body = _legacy(store, name)
    if body is None:
        return None
    try:
        saved = Mapping.from_json(body)
    except ValueError:  # damaged: fall back to a fresh guess
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


def _legacy(store: Store, name: str) -> str | None:
    """A mapping an earlier version saved as <store>/mappings/<name>.json, copied into the store."""
    directory = getattr(store, "directory", None)
    if directory is None:
        return None
    path = Path(directory) / LEGACY_DIR / f"{name}.json"
    try:
        body = path.read_text(encoding="utf-8")
        Mapping.from_json(body)
    except (OSError, ValueError):
        return None
    with suppress(StoreError):
        store.put_document(COLUMN_MAPPINGS, name, body.strip())
    return body


def saved_key(store: Store | str | Path) -> tuple:
    """A value that changes whenever a mapping or the region map is saved (for caches)."""
    store = _store(store)
    try:
        frames = [store.documents(c) for c in (COLUMN_MAPPINGS, REGION_MAPS)]
    except StoreError:
        return ()
    return tuple(tuple(zip(f["name"], f["version"], strict=True)) for f in frames)


def region_map(store: Store | str | Path) -> dict[str, str]:
    """The saved region map: region cell (as written) -> region id; {} when none is saved."""
    try:
        body = _store(store).document(REGION_MAPS, REGION_MAP)
    except StoreError:
        return {}
    if not body:
        return {}
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def save_region_map(
    store: Store | str | Path, entries: MappingType[str, str | None], *, user: str | None = None
) -> dict[str, str]:
    """Add `entries` (value -> region id; None or "" forgets the value) to the saved region map.

    Returns
    -------
    dict
        The region map as saved.
    """
    store = _store(store)
    current = region_map(store)
    for value, region_id in entries.items():
        key = normalise_text(value)
        for old in [k for k in current if normalise_text(k) == key]:
            del current[old]
        if region_id:
            current[str(value)] = str(region_id)
    store.put_document(REGION_MAPS, REGION_MAP, json.dumps(current, ensure_ascii=False, sort_keys=True), user=user)
    return current


def read_region_map(path: str | Path) -> dict[str, str]:
    """A region map file for ``--region-map``: JSON {value: region} or CSV with two columns (value, region).

    Raises
    ------
    ValueError
        When the file is neither.
    """
    text = Path(path).read_bytes()
    try:
        data = json.loads(text.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        data = None
    if isinstance(data, dict):
        return {str(k): str(v) for k, v in data.items() if v not in (None, "")}
    from analysis.io.files import ReadError, read_table

    try:
        table = read_table(text, Path(path).name)
    except ReadError as exc:
        raise ValueError(str(exc)) from exc
    frame = table.frame
    if frame.shape[1] < 2:
        raise ValueError("a region map has two columns: the value as written and its region (code or name)")
    pairs = frame.iloc[:, :2].dropna()
    return dict(zip(pairs.iloc[:, 0].astype(str), pairs.iloc[:, 1].astype(str), strict=True))


__all__ = [
    "COLUMN_MAPPINGS",
    "REGION_MAPS",
    "find_mapping",
    "mapping_name",
    "read_region_map",
    "region_map",
    "save_mapping",
    "save_region_map",
    "saved_key",
]
