"""RDF emission: the only package that writes triples."""
