"""The actor gazetteer as plain data (no NLP): names, kinds, aliases and Wikidata ids by key.

Used when describing actors in the graph; the extractor has its own matcher over the same files.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml

from kg.paths import GAZETTEER_DIR


@dataclass(frozen=True)
class KnownActor:
    key: str
    name: str
    kind: str | None
    wikidata: str | None
    aliases: tuple[str, ...] = ()


def _entries(doc) -> list[dict]:
    if isinstance(doc, dict):
        for k in ("actors", "entries"):
            if isinstance(doc.get(k), list):
                return doc[k]
        return [dict(v, key=k) for k, v in doc.items() if isinstance(v, dict)]
    return doc if isinstance(doc, list) else []


@lru_cache(maxsize=1)
def known_actors() -> dict[str, KnownActor]:
    """Every gazetteer entry by key (the slug used in actor IRIs)."""
    out: dict[str, KnownActor] = {}
    if not GAZETTEER_DIR.exists():
        return out
    for path in sorted(GAZETTEER_DIR.glob("*.y*ml")):
        for e in _entries(yaml.safe_load(path.read_text(encoding="utf-8"))):
            key = e.get("key") or e.get("id")
            name = e.get("name") or e.get("label")
            if not key or not name:
                continue
            qid = e.get("wikidata") or e.get("qid")
            out[str(key)] = KnownActor(
                key=str(key), name=str(name), kind=e.get("kind") or e.get("type"),
                wikidata=str(qid) if qid else None,
                aliases=tuple(str(a) for a in e.get("aliases") or ()),
            )
    return out
