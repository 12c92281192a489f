"""Where the project's data files live (ontology, lexicons, gazetteer, queries)."""

from __future__ import annotations

import os
from pathlib import Path


def project_root() -> Path:
    """The checkout holding ``ontology/`` and ``queries/``; ``KG_HOME`` overrides.

    An installed wheel has no checkout: its build copied those folders into
    ``kg/_resources/`` (setup.py), which is used when the checkout's are not there.
    """
    env = os.environ.get("KG_HOME")
    if env:
        return Path(env)
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "ontology" / "kg.ttl").is_file():
        return checkout
    return Path(__file__).resolve().parent / "_resources"


ROOT = project_root()
ONTOLOGY_DIR = ROOT / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "kg.ttl"
TOPICS_FILE = ONTOLOGY_DIR / "topics.ttl"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
DATA_DIR = ROOT / "data"
ARTICLES_DIR = DATA_DIR / "articles"
LEXICON_DIR = DATA_DIR / "lexicons"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
QUERIES_DIR = ROOT / "queries"
DEFAULT_STORE = Path("build/store")  # relative to where kg runs, like DEFAULT_ARTICLES
DEFAULT_ARTICLES = Path("data/articles")
