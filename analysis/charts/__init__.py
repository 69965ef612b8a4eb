"""Every figure of the product, built one way: one layout, one colour system, zero-based quantities.

`style` holds the layout and the colours; `maps` the choropleths (with their classification);
`bars` and `lines` the rest. Plotly figures only — Streamlit draws them (ui/tables.chart), and the
PDF report redraws the few it needs with matplotlib (analysis/summary/pdf.py).
"""
