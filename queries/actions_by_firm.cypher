// title: Actions by firm
// description: Every sanctions action of record (designation, delisting, amendment) on a firm, with agency, list, legal basis, date and source document. Twin of actions_by_firm.rq; record is the merged node (its records list holds the source records).
// param: firm (iri) the firm, or its resolution cluster
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Designation)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT a.iri AS action, 'Designation' AS kind, a.actionDate AS date, a.notBefore AS notBefore,
       a.notAfter AS notAfter, agency.iri AS agency, agency.name AS agencyName, list.iri AS list,
       list.name AS listName, basis.iri AS basis, basis.name AS basisName, f.iri AS record,
       document.iri AS document, document.issued AS issued
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Delisting)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT a.iri AS action, 'Delisting' AS kind, a.actionDate AS date, a.notBefore AS notBefore,
       a.notAfter AS notAfter, agency.iri AS agency, agency.name AS agencyName, list.iri AS list,
       list.name AS listName, basis.iri AS basis, basis.name AS basisName, f.iri AS record,
       document.iri AS document, document.issued AS issued
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Amendment)-[:TARGET]->(f)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
OPTIONAL MATCH (a)-[:DERIVED_FROM]->(document:SourceDocument)
RETURN DISTINCT a.iri AS action, 'Amendment' AS kind, a.actionDate AS date, a.notBefore AS notBefore,
       a.notAfter AS notAfter, agency.iri AS agency, agency.name AS agencyName, list.iri AS list,
       list.name AS listName, basis.iri AS basis, basis.name AS basisName, f.iri AS record,
       document.iri AS document, document.issued AS issued
