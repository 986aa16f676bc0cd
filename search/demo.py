"""Demo step for search: every listed course has its analysed text (a database loaded before the
search text existed, or by bulk inserts, gets it here)."""

from .indexing import search_text_drift, sync_search_text


def load(command):
    missing, extra = search_text_drift()
    if missing or extra:
        sync_search_text(missing | extra)
    command.log(f"search text: {len(missing)} courses analysed, {len(extra)} removed")
