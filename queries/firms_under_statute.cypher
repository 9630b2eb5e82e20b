// title: Firms under a statute
// description: Firms with a sanctions action of record whose legal basis is the statute or any of its sections (PART_OF*). Twin of firms_under_statute.rq; entity and firm are both the merged node.
// param: statute (iri) a statute, section or executive order
MATCH (s) WHERE s.iri = $statute
MATCH (basis)-[:PART_OF*0..10]->(s)
MATCH (a:Designation)-[:LEGAL_BASIS]->(basis)
MATCH (a)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT f.iri AS entity, coalesce(f.iri, '') AS firm, f.name AS name, 'Designation' AS kind, a.actionDate AS date,
       list.iri AS list, basis.iri AS basis, document.iri AS document
UNION ALL
MATCH (s) WHERE s.iri = $statute
MATCH (basis)-[:PART_OF*0..10]->(s)
MATCH (a:Delisting)-[:LEGAL_BASIS]->(basis)
MATCH (a)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT f.iri AS entity, coalesce(f.iri, '') AS firm, f.name AS name, 'Delisting' AS kind, a.actionDate AS date,
       list.iri AS list, basis.iri AS basis, document.iri AS document
UNION ALL
MATCH (s) WHERE s.iri = $statute
MATCH (basis)-[:PART_OF*0..10]->(s)
MATCH (a:Amendment)-[:LEGAL_BASIS]->(basis)
MATCH (a)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT f.iri AS entity, coalesce(f.iri, '') AS firm, f.name AS name, 'Amendment' AS kind, a.actionDate AS date,
       list.iri AS list, basis.iri AS basis, document.iri AS document
