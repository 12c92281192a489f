"""Remote SPARQL 1.1 servers: push through the Graph Store Protocol, query through the Protocol."""

from __future__ import annotations

from kg.errors import EndpointError


def push(store, endpoint: str, *, graph: str | None, graph_per_article: bool, timeout: float) -> str:
    raise EndpointError("kg push is not implemented yet")


def query_endpoint(endpoint: str, text: str, *, timeout: float = 60.0):
    raise EndpointError("querying an endpoint is not implemented yet")
