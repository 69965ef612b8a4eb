"""Finding the app's widgets in AppTest by the key `ui.state.widget` keeps them under.

A selectbox, multiselect or select_slider drawn by `ui.state.widget` has the key ``<key>@<labels>``
(a fresh widget per language); these helpers find it by the kept key alone.
"""

from __future__ import annotations


def choice(elements, key: str):
    """The element among `elements` (e.g. ``at.selectbox``, ``at.sidebar.multiselect``) kept under `key`."""
    found = [e for e in elements if e.key == key or str(e.key).startswith(f"{key}@")]
    if len(found) != 1:
        raise KeyError(f"{len(found)} widgets kept under {key!r}: {[e.key for e in elements]}")
    return found[0]
