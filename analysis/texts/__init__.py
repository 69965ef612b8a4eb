"""Per-page parts of the text catalog; `analysis.i18n` merges every module's `TEXT` here."""
