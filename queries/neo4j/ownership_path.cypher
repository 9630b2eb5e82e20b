// title: Ownership path between two firms
// description: The shortest chain of ownership, directorship or parent-company ties between two entities, in either direction. Neo4j only: shortestPath() is not LadybugDB syntax (there: -[:OWNS|DIRECTS|PARENT_COMPANY* SHORTEST 1..12]-, see docs/cypher.md). For every kind of tie, with evidence per hop, use `sanctiongraph ties A B`.
// param: from (iri) one entity
// param: to (iri) the other entity
MATCH (a {iri: $from}), (b {iri: $to})
MATCH p = shortestPath((a)-[:OWNS|DIRECTS|PARENT_COMPANY*..12]-(b))
RETURN [n IN nodes(p) | n.iri] AS path, length(p) AS hops
