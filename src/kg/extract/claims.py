"""Claims (placeholder until the real extractor lands)."""
from kg.model import Claim


def find_claims(doc, article, mentions) -> list[Claim]:
    return []
