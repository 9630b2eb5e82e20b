// title: Full sanctions history of a firm
// description: Every designation, delisting and amendment of record aimed at a firm (its merged node), across all lists, with its date or date bounds, lists, agencies, legal basis and source documents. Twin of firm_history.rq; list-valued columns are lists here, space-joined text there.
// param: firm (iri) the firm (or person, vessel) node
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Designation)-[:TARGET]->(f)
MATCH (a)-[:DERIVED_FROM]->(doc)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
RETURN a.iri AS action, 'designation' AS kind, coalesce(a.actionDate, a.listingDate, a.effectiveDate) AS date,
       a.notBefore AS not_before, a.notAfter AS not_after, min(doc.issued) AS first_seen,
       max(doc.issued) AS last_seen, collect(DISTINCT list.iri) AS lists,
       collect(DISTINCT agency.iri) AS agencies, collect(DISTINCT basis.iri) AS legal_basis,
       collect(DISTINCT doc.iri) AS sources, a.changedField AS changed
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Delisting)-[:TARGET]->(f)
MATCH (a)-[:DERIVED_FROM]->(doc)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
RETURN a.iri AS action, 'delisting' AS kind, coalesce(a.actionDate, a.listingDate, a.effectiveDate) AS date,
       a.notBefore AS not_before, a.notAfter AS not_after, min(doc.issued) AS first_seen,
       max(doc.issued) AS last_seen, collect(DISTINCT list.iri) AS lists,
       collect(DISTINCT agency.iri) AS agencies, collect(DISTINCT basis.iri) AS legal_basis,
       collect(DISTINCT doc.iri) AS sources, a.changedField AS changed
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (a:Amendment)-[:TARGET]->(f)
MATCH (a)-[:DERIVED_FROM]->(doc)
OPTIONAL MATCH (a)-[:ON_LIST]->(list)
OPTIONAL MATCH (a)-[:IMPOSED_BY]->(agency)
OPTIONAL MATCH (a)-[:LEGAL_BASIS]->(basis)
RETURN a.iri AS action, 'amendment' AS kind, coalesce(a.actionDate, a.listingDate, a.effectiveDate) AS date,
       a.notBefore AS not_before, a.notAfter AS not_after, min(doc.issued) AS first_seen,
       max(doc.issued) AS last_seen, collect(DISTINCT list.iri) AS lists,
       collect(DISTINCT agency.iri) AS agencies, collect(DISTINCT basis.iri) AS legal_basis,
       collect(DISTINCT doc.iri) AS sources, a.changedField AS changed
