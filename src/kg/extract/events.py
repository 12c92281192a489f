"""Events (placeholder until the real extractor lands)."""
from kg.model import Event


def find_events(doc, article, mentions) -> list[Event]:
    return []
