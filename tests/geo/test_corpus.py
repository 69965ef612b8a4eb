"""Resolution rates on corpora of names as people write them (tests/geo/corpus/*.csv).

Each corpus row is value, parent (optional), expected region_id, category, and a `file`: rows that
share a file are resolved together as one column (the context), the others one by one. expected is
"ambiguous" where the honest answer is a list of candidates (a unit split among several). A typo
counts as resolved when it stays unresolved with the expected region as the first suggestion.

Run `pytest tests/geo/test_corpus.py -s` to print the rates.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.geo.regions import default_resolver

CORPUS = Path(__file__).parent / "corpus"
MIN_RATE = 0.95


def _resolve(rows: pd.DataFrame) -> pd.DataFrame:
    resolver = default_resolver()
    parts = []
    for file, part in rows.groupby("file", sort=False):
        parents = part["parent"].where(part["parent"] != "")
        if file:
            out = resolver.resolve(part["value"], parents)
        else:  # each row alone: no context from unrelated rows
            found = [resolver.resolve_one(v, p) for v, p in zip(part["value"], parents, strict=True)]
            out = pd.DataFrame(
                {
                    "region_id": [f.region_id for f in found],
                    "status": [f.status for f in found],
                    "candidates": [f.candidates for f in found],
                    "reading_severity": [f.reading_severity for f in found],
                },
                index=part.index,
            )
        parts.append(part.join(out))
    return pd.concat(parts).loc[rows.index]


def _resolved(row) -> bool:
    """Whether a corpus row came out as expected (see the module docstring)."""
    if row.expected == "ambiguous":
        return row.status == "ambiguous"
    if row.category == "typo":
        first = row.candidates[0] if row.candidates else ""
        return row.status == "unresolved" and first.endswith((f", {row.expected})", f"({row.expected})"))
    return row.status == "ok" and row.region_id == row.expected


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    frames = []
    for path in sorted(CORPUS.glob("*.csv")):
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        frames.append(frame.assign(file=frame["file"].where(frame["file"] == "", path.stem + "/" + frame["file"])))
    rows = pd.concat(frames, ignore_index=True)
    out = _resolve(rows)
    out["resolved"] = [_resolved(row) for row in out.itertuples()]
    out["silent_wrong"] = (
        (out["status"] == "ok") & (out["region_id"] != out["expected"]) & (out["reading_severity"] != "warning")
    )
    return out


def test_corpora_are_large_enough(results):
    counts = results["category"].value_counts()
    assert counts["colloquial"] >= 150
    assert {"address", "former", "traditional", "parent_self", "context", "typo"} <= set(counts.index)


def test_resolution_rate_per_category(results):
    rates = results.groupby("category")["resolved"].agg(["mean", "sum", "size"])
    print("\nresolution rate per category:")
    for category, r in rates.iterrows():
        print(f"  {category:12s} {r['mean']:6.1%}  ({int(r['sum'])}/{int(r['size'])})")
    failed = results[~results["resolved"]][["value", "parent", "expected", "category", "status", "region_id"]]
    assert (rates["mean"] >= MIN_RATE).all(), failed.to_string()


def test_no_silent_wrong_answers(results):
    wrong = results[results["silent_wrong"]][["value", "parent", "expected", "category", "region_id"]]
    print(f"\nsilent wrong answers: {len(wrong)} of {len(results)}")
    assert wrong.empty, wrong.to_string()
