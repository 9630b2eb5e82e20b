// title: Firm profile (Neo4j)
// description: Every property and tie of a firm's node in one row per value, using Neo4j's keys() and type() (LadybugDB has neither in this form; the portable twin is queries/firm_profile.cypher).
// param: firm (iri) the firm, or its resolution cluster
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
UNWIND [k IN keys(f) WHERE NOT k IN ['iri', 'sources', 'records']] AS property
UNWIND (CASE WHEN f[property] IS :: LIST<ANY> THEN f[property] ELSE [f[property]] END) AS value
RETURN f.iri AS record, property, value, f.sources AS documents
UNION
MATCH (f)-[r]->(t) WHERE (f.iri = $firm OR $firm IN f.records) AND type(r) IN ['HAS_COUNTRY', 'JURISDICTION', 'PARENT_COMPANY']
RETURN f.iri AS record, toLower(type(r)) AS property, t.iri AS value, r.sources AS documents
