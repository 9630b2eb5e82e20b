"""Named SPARQL and Cypher queries, one file each."""
