"""Actor mentions (placeholder until the real extractor lands)."""
from kg.model import Mention


def find_mentions(doc, article) -> list[Mention]:
    return []
