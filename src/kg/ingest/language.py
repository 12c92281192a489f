"""The language of a body that does not declare one (py3langid; its model ships in the package)."""

from __future__ import annotations

import re
from functools import lru_cache

MIN_WORDS = 20  # shorter texts are too easy to mistake
MIN_PROBABILITY = 0.95


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text``, or None when it is short or the model is not sure."""
    if len(re.findall(r"\w+", text)) < MIN_WORDS:
        return None
    code, probability = _identifier().classify(text)
    return code if probability >= MIN_PROBABILITY else None
