"""The review meeting's actions: grouping, editing, storing (versioned, audited) and carrying over."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from pptx import Presentation

from analysis.io.store import Store
from analysis.summary import actions
from analysis.summary.build import build_summary
from analysis.summary.deck import build_deck

from .conftest import crafted_frames


def _actions(rows) -> pd.DataFrame:
    columns = ["action_id", "month", "what", "owner", "due", "region_id", "distributor_id", "status"]
    return pd.DataFrame(rows, columns=columns)


MEETING = _actions(
    [
        ("A-001", "2026-09", "在杭州新签两家经销商", "华东区经理", "2026-12", "330100", "", "open"),
        ("A-002", "2026-09", "核查窜货", "渠道经理", "2026-10", "", "D01", "open"),
        ("A-003", "2026-09", "补齐河南住房数据", "分析师", "2026-10", "410000", "", "done"),
        ("A-004", "2026-05", "旧的已完成事项", "分析师", "2026-06", "", "", "done"),
        ("A-005", "2026-05", "旧的未完成事项", "分析师", "2026-06", "", "", "open"),
        ("A-006", "2026-10", "本次会议决定", "", "", "", "", "open"),
    ]
)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        ("2026-09", [("A-005", "overdue"), ("A-001", "new"), ("A-002", "new"), ("A-003", "new")]),
        (
            "2026-10",
            [("A-005", "overdue"), ("A-002", "overdue"), ("A-001", "open"), ("A-003", "done"), ("A-006", "new")],
        ),
        (
            "2026-12",
            [("A-005", "overdue"), ("A-002", "overdue"), ("A-001", "overdue"), ("A-006", "open"), ("A-003", "done")],
        ),
        ("2027-01", [("A-005", "overdue"), ("A-002", "overdue"), ("A-001", "overdue"), ("A-006", "open")]),
    ],
)
def test_the_review_of_a_month_lists_overdue_first_then_open_done_and_new(month, expected) -> None:
    listed = actions.review(MEETING, month)
    assert list(zip(listed["action_id"], listed["group"], strict=True)) == expected


def test_a_province_sees_the_actions_about_its_regions_and_distributors() -> None:
    seats = pd.DataFrame({"distributor_id": ["D01"], "region_id": ["330102"]})
    assert actions.review(MEETING, "2026-10", "330000", seats)["action_id"].tolist() == ["A-002", "A-001"]
    assert actions.review(MEETING, "2026-10", "410000", seats)["action_id"].tolist() == ["A-003"]


def test_edits_become_the_rows_to_store_with_new_ids_and_problems_named() -> None:
    before = actions.review(MEETING, "2026-10")[actions.COLUMNS]
    edited = pd.concat(
        [
            before.assign(status=before["status"].mask(before["action_id"] == "A-001", "done")),
            _actions(
                [
                    (None, None, "再约谈两家经销商", "渠道经理", "2026-11", "", "", "open"),
                    (None, None, None, None, None, None, None, None),
                ]
            ),
        ],
        ignore_index=True,
    )
    rows, problems = actions.changes_to_save(before, edited, "2026-10", MEETING["action_id"])
    assert problems == []
    assert rows[["action_id", "month", "status"]].values.tolist() == [
        ["A-001", "2026-09", "done"],
        ["A-007", "2026-10", "open"],  # the empty row the editor added is not an action
    ]
    bad = edited.assign(what=edited["what"].mask(edited["action_id"] == "A-002", ""), due="2026-08")
    _, problems = actions.changes_to_save(before, bad, "2026-10", MEETING["action_id"])
    assert {p.code for p in problems} == {"what_missing", "due_before"}
    assert ("what_missing", 2) in {(p.code, p.row) for p in problems}  # rows counted from 1: A-002 is the second


def _deck_rows(data: bytes, title_start: str) -> list[list[str]]:
    rows = []
    for slide in Presentation(io.BytesIO(data)).slides:
        if slide.shapes.title is not None and slide.shapes.title.text.startswith(title_start):
            for shape in slide.shapes:
                if shape.has_table:
                    rows += [[c.text for c in r.cells] for r in list(shape.table.rows)[1:]]
    return rows


def test_an_action_recorded_for_one_month_is_open_next_month_and_moves_to_done(tmp_path) -> None:
    store = Store(tmp_path / "store")
    for kind, frame in crafted_frames().items():
        store.write(kind, frame, source="demo")
    frames = store.read_all()
    september = build_summary(frames, "2026-09", scorer=None)
    new = _actions([(None, None, "在杭州新签两家经销商", "华东区经理", "2026-12", "330100", "", "open")])
    rows, problems = actions.changes_to_save(
        september.actions[actions.COLUMNS], new, "2026-09", frames["actions"]["action_id"]
    )
    assert problems == [] and rows["action_id"].tolist() == ["A-001"]
    first = store.write("actions", rows, mode="update", source="app", user="meeting")

    frames = store.read_all()
    assert build_summary(frames, "2026-09", scorer=None).actions["group"].tolist() == ["new"]
    october = build_summary(frames, "2026-10", scorer=None)
    assert october.actions[["action_id", "group", "status"]].values.tolist() == [["A-001", "open", "open"]]
    assert _deck_rows(build_deck(october, "zh"), "会议行动项")[0][:3] == ["进行中", "A-001", "在杭州新签两家经销商"]

    done = october.actions[actions.COLUMNS].assign(status="done")
    rows, _ = actions.changes_to_save(october.actions[actions.COLUMNS], done, "2026-10", frames["actions"]["action_id"])
    second = store.write("actions", rows, mode="update", source="app", user="meeting")
    assert second.version == first.version + 1  # versioned: the open state stays readable
    assert store.read("actions", version=first.version)["status"].tolist() == ["open"]
    october = build_summary(store.read_all(), "2026-10", scorer=None)
    deck = build_deck(october, "en")
    assert _deck_rows(deck, "Meeting actions")[0][:2] == ["Done or dropped", "A-001"]
    trail = store.audit(kind="actions")
    assert trail["action"].tolist()[:2] == ["app", "app"] and set(trail["user_name"][:2]) == {"meeting"}
