"""Reading, importing, exporting and storing data."""
