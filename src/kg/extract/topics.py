"""Topic tagging (placeholder until the real tagger lands)."""


def tag_topics(text: str) -> tuple[str, ...]:
    return ()
