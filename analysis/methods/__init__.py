"""Analytical building blocks: capacity, multi-criteria scoring, tiers, market structure, forecasts."""
