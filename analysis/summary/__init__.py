"""The monthly summary, its reports and the review meeting."""
