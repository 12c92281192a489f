"""Page furniture detection (placeholder until the real detector lands)."""
from kg.model import Span


def furniture_spans(body: str) -> list[Span]:
    return []
