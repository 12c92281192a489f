"""The graph on the web: kg serve (pages, SPARQL endpoint, saved queries) and kg report (static site)."""
