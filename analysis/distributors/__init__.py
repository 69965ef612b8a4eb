"""Distributors: scorecard, classes, funnel, coverage, contracts (授权范围), flags and quotas.

`scorecard` (five criteria, AHP weights), `classes` (the one A/B/C class rule), `funnel` (where candidates come from),
`coverage` (who covers each county), `contracts` (授权范围), `flags` (窜货, overlapping exclusive
territories, contracts, sell-in, 砸价) and `quotas`.
"""
