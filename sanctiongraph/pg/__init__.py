"""Property-graph outputs of the one projection: embedded Cypher (LadybugDB), Neo4j, GraphML/GEXF."""
