"""The one widget-state helper: a choice that survives a language switch, a page switch and a rerun.

Every widget whose value a person expects to find again goes through `widget`: its key names it
("<page>.<name>", e.g. "map.layer"), Streamlit keeps its value for the whole session
(`persist_state="session"`), and since the key alone identifies it, new labels and option texts
after a language switch keep the value. Code that needs to move a choice (a click on the map picks a
region) calls `set_value` before the widget is drawn in the next run.
"""

from __future__ import annotations

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
    """
    options = list(args[0]) if args and fn in _CHOICES else None
    if options is not None:
        current = st.session_state.get(key, default)
        if fn is st.multiselect:
            st.session_state[key] = [v for v in (current or []) if v in options]
        elif current not in options:
            st.session_state[key] = default if default in options else (options[0] if options else None)
        elif key not in st.session_state:
            st.session_state[key] = current
    elif key not in st.session_state and default is not None:
        st.session_state[key] = default
    return fn(label, *args, key=key, persist_state="session", **kwargs)


def set_value(key: str, value: Any) -> None:
    """Move a kept choice from code; the widget shows it the next time it is drawn."""
    st.session_state[key] = value


def value(key: str, default: Any = None) -> Any:
    """A kept choice, or `default` before its widget has been drawn."""
    return st.session_state.get(key, default)


_CHOICES = (st.selectbox, st.radio, st.multiselect, st.segmented_control, st.pills, st.select_slider)
