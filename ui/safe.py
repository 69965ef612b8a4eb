"""Uploaded text shown as written inside Streamlit's Markdown (st.markdown, st.error, st.info, ...).

Streamlit renders the message of st.markdown, st.error, st.warning, st.info, st.success, st.caption
and widget labels as Markdown with its own extensions: ``[x](http://…)`` is a link, ``![](…)``
fetches an image, ``**`` bolds, ``$…$`` is LaTeX, ``:red[…]`` colours, ``:material/…:`` and
``:smile:`` are icons. A file, region, brand or distributor name from an upload goes through
`literal` before it is put into such a message. (Where a whole value is shown on its own, st.text
and st.code show it literally without help.)
"""

from __future__ import annotations

import math
import string

ZERO_WIDTH = "\u200b"
# Every ASCII punctuation character can be escaped with a backslash in CommonMark; "<" and ">" and
# "&" become entities as well so that no HTML is ever parsed.
_ESCAPES = {c: "\\" + c for c in string.punctuation}
_ESCAPES |= {"<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": " ", "\r": " "}
# Some things are found in the text after the escapes are undone: shortcodes (:smile:,
# :material/home:, :red[…]) and bare links (http://x, www.x.cn, a@b.cn). A zero-width space after
# each colon and before each at sign and dot keeps them apart; it does not show.
_ESCAPES[":"] = ":" + ZERO_WIDTH
_ESCAPES |= {c: ZERO_WIDTH + _ESCAPES[c] for c in "@."}
_TABLE = str.maketrans(_ESCAPES)


def literal(text: object) -> str:
    """`text` escaped so that Streamlit's Markdown shows exactly its characters.

    Parameters
    ----------
    text : object
        A name (None and NaN become "").

    Returns
    -------
    str

    Examples
    --------
    >>> print(literal("**b** [x](y) <img src=x>"))
    \\*\\*b\\*\\* \\[x\\]\\(y\\) &lt;img src\\=x&gt;
    >>> literal("a@b.cn").replace(ZERO_WIDTH, "")
    'a\\\\@b\\\\.cn'
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text).translate(_TABLE)
