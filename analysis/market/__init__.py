"""Market features, scoring, scenarios, competition, housing and maps."""
