"""Store faults, each named by its cause so that every page and command can say what is wrong."""

from __future__ import annotations

from analysis.i18n import Text

REASONS = (
    "busy", "locked", "full", "read_only", "corrupt", "missing", "unknown_kind", "no_version", "unreachable",
    "schema_newer", "failed",
)  # fmt: skip


class StoreError(RuntimeError):
    """A store operation that cannot be done, with its cause.

    Attributes
    ----------
    reason : str
        One of `REASONS`: "locked" (another process holds the file), "busy" (a writer kept the
        lock past the wait), "full" (no space left), "read_only" (the directory or file cannot be
        written), "corrupt" (a truncated or damaged file), "missing" (no store there),
        "unknown_kind", "no_version", "unreachable" (a database server that does not answer).
    text : Text
        What to tell the person, rendered in their language.
    """

    def __init__(self, reason: str, text: Text, detail: str = ""):
        super().__init__(text.render("en") + (f" ({detail})" if detail else ""))
        self.reason = reason
        self.text = text
        self.detail = detail

    def message(self, lang: str) -> str:
        """What went wrong and what to do, in `lang`."""
        return self.text.render(lang)


def fault(reason: str, location: str, detail: str = "", **params: object) -> StoreError:
    """The StoreError for `reason` at `location`, its text from the catalog (`store.fault.<reason>`)."""
    return StoreError(reason, Text(f"store.fault.{reason}", location=location, **params), detail)
