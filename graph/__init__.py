"""The persistent RDF store, loading with provenance, and SHACL validation."""

from sanctiongraph.graph.store import GraphStore, default_store_path, open_store

__all__ = ["GraphStore", "default_store_path", "open_store"]
