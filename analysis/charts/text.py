"""Names in figures shown as written: uploaded text made inert in Plotly labels.

Plotly reads a subset of HTML in every label it draws — tick labels, hover labels, text on bars,
legend entries, titles: ``<a href>`` becomes a live link, ``<b>``, ``<br>``, ``<span style>`` change
the look. A brand, distributor or region name that came from an upload goes through `plain` before
it reaches a figure, so that ``<a href="http://x">x</a>`` shows as those characters.
"""

from __future__ import annotations

import math

_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


def plain(text: object) -> str:
    """`text` for a Plotly label: ``&``, ``<`` and ``>`` as entities, which Plotly draws as the characters.

    Parameters
    ----------
    text : object
        A name (anything: numbers become their text, None and NaN become "").

    Returns
    -------
    str

    Examples
    --------
    >>> plain('<a href="http://x">x</a>')
    '&lt;a href="http://x"&gt;x&lt;/a&gt;'
    >>> plain("A&B<br>"), plain(None), plain(12)
    ('A&amp;B&lt;br&gt;', '', '12')
    """
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text).translate(_ENTITIES)
