"""Geography: boundaries, the region table, name resolution."""
