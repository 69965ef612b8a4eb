"""Territory design: county adjacency, contiguous balanced partitions, their evaluation and explanation."""
