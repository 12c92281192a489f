"""News knowledge graph: articles -> extraction -> RDF -> store -> validate / query / export."""

__version__ = "0.1.0"
