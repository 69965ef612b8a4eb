"""Territory design: adjacency, contiguous balanced partitions, their evaluation and explanation.

County adjacency, contiguous balanced partitions, their evaluation and explanation; `inputs` (units and balance
variables), `current` (a design against the current territories, saving it) and `narrative` (its reasons in words).
"""
