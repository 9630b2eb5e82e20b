// title: Firm profile
// description: Names, aliases, identifiers, countries and ties of a firm (its merged node). Twin of firm_profile.rq; documents lists the sources of the whole node (the property graph keeps sources per node and edge, not per value).
// param: firm (iri) the firm, or its resolution cluster
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
UNWIND [
  {property: 'name', values: [f.name]}, {property: 'alias', values: f.alias},
  {property: 'acronym', values: f.acronym}, {property: 'previousName', values: f.previousName},
  {property: 'weakAlias', values: f.weakAlias}, {property: 'address', values: f.address},
  {property: 'registrationNumber', values: f.registrationNumber}, {property: 'leiCode', values: f.leiCode},
  {property: 'isin', values: f.isin}, {property: 'ticker', values: f.ticker},
  {property: 'taxNumber', values: f.taxNumber}, {property: 'imoNumber', values: f.imoNumber},
  {property: 'idNumber', values: f.idNumber}, {property: 'website', values: f.website},
  {property: 'sector', values: f.sector}, {property: 'ftmId', values: f.ftmId},
  {property: 'wikidataId', values: f.wikidataId}
] AS entry
UNWIND entry.values AS value
WITH f, entry.property AS property, value WHERE value IS NOT NULL
RETURN DISTINCT f.iri AS record, property, value, f.sources AS documents
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (f)-[r:HAS_COUNTRY]->(t)
RETURN DISTINCT f.iri AS record, 'country' AS property, t.iri AS value, r.sources AS documents
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (f)-[r:JURISDICTION]->(t)
RETURN DISTINCT f.iri AS record, 'jurisdiction' AS property, t.iri AS value, r.sources AS documents
UNION ALL
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (f)-[r:PARENT_COMPANY]->(t)
RETURN DISTINCT f.iri AS record, 'parentCompany' AS property, t.iri AS value, r.sources AS documents
