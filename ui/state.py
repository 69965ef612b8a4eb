"""The one widget-state helper: a choice that survives a language switch, a page switch and a rerun.

Every widget whose value a person expects to find again goes through `widget`: its key names it
("<page>.<name>", e.g. "map.layer"), Streamlit keeps its value for the whole session
(`persist_state="session"`), and new labels and option texts after a language switch keep the value
(choices the browser holds by label are sent their new label). Code that
needs to move a choice (a click on the map picks a region) calls `set_value` before the widget is
drawn in the next run.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any

import streamlit as st


def widget(fn: Callable[..., Any], label: str, *args: Any, key: str, default: Any = None, **kwargs: Any) -> Any:
    """Draw the Streamlit widget `fn` under `key` and return its value.

    Parameters
    ----------
    fn : callable
        A Streamlit widget function (st.selectbox, st.radio, st.multiselect, st.slider, ...).
    label : str
        The label, in the reader's language.
    *args
        Passed on (the options of a choice widget).
    key : str
        "<page>.<name>": where the value is kept.
    default : optional
        The value on the first draw in a session (ignored afterwards). For choice widgets it
        must be one of the options; a kept value that is no longer an option falls back to it.
    **kwargs
        Passed on (format_func, help, min_value, ...).

    Notes
    -----
    A selectbox, multiselect, select_slider or radio tells the browser its choice by the option's label,
    so after a language switch the browser would keep showing the old language's label. When their
    labels change, their value is therefore set again through the state API, which sends the browser
    the label of the current language.
    """
    options = list(args[0]) if args and fn in _CHOICES else None
    if options is not None:
        kept = st.session_state.get(key, default)
        current = kept
        if fn is st.multiselect:
            current = [v for v in (kept or []) if v in options]
        elif kept not in options:
            current = default if default in options else (options[0] if options else None)
        if fn in _LABELLED:
            return _labelled(fn, label, args, options, current, key, kwargs)
        if current != kept or key not in st.session_state:
            st.session_state[key] = current
    elif key not in st.session_state and default is not None:
        st.session_state[key] = default
    return fn(label, *args, key=key, persist_state="session", **kwargs)


def _labelled(fn, label: str, args: tuple, options: list, current: Any, key: str, kwargs: dict) -> Any:
    """A choice widget whose labels may change; its value is set again whenever they do (see `widget`)."""
    show = kwargs.get("format_func", str)
    digest = zlib.crc32("\x1f".join(str(show(o)) for o in options).encode("utf-8"))
    labels_key = f"{key}@labels"
    if st.session_state.get(labels_key) != digest or key not in st.session_state or st.session_state[key] != current:
        st.session_state[key] = current  # set through the state API: the browser is sent the new label
        st.session_state[labels_key] = digest
    return fn(label, *args, key=key, persist_state="session", **kwargs)


def set_value(key: str, value: Any) -> None:
    """Move a kept choice from code; the widget shows it the next time it is drawn."""
    st.session_state[key] = value


def value(key: str, default: Any = None) -> Any:
    """A kept choice, or `default` before its widget has been drawn."""
    return st.session_state.get(key, default)


_CHOICES = (st.selectbox, st.radio, st.multiselect, st.segmented_control, st.pills, st.select_slider)
_LABELLED = (st.selectbox, st.multiselect, st.select_slider, st.radio)  # the browser holds their choice by label
