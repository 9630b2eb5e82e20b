// title: Members of a list on a date
// description: Who was on a list on a date. Release-based lists: the designations (without a date of their own) stated by the latest release issued on or before the date. Event-based lists: designated on or before the date and not delisted on or before it. Twin of members_on_date.rq; dates compare as ISO text.
// param: list (iri) the list, e.g. https://w3id.org/sanctiongraph/id/list/us-ofac-sdn
// param: date (date) the day to look at
MATCH (l) WHERE l.iri = $list
MATCH (doc:SourceDocument)-[:RELEASE_OF]->(l) WHERE doc.issued <= $date
WITH l, max(doc.issued) AS latest
MATCH (release:SourceDocument)-[:RELEASE_OF]->(l) WHERE release.issued = latest
MATCH (d:Designation)-[o:ON_LIST]->(l) WHERE release.iri IN o.sources AND d.actionDate IS NULL
MATCH (d)-[t:TARGET]->(target) WHERE release.iri IN t.sources
RETURN DISTINCT target.iri AS target, target.name AS name, d.iri AS designation,
       d.authorityId AS authority_id, 'release' AS basis
UNION
MATCH (l) WHERE l.iri = $list
MATCH (d:Designation)-[:ON_LIST]->(l) WHERE d.actionDate <= $date
MATCH (d)-[:TARGET]->(target)
WHERE NOT EXISTS { MATCH (x:Delisting)-[:`ENDS`]->(d) WHERE x.actionDate <= $date }
RETURN DISTINCT target.iri AS target, target.name AS name, d.iri AS designation,
       d.authorityId AS authority_id, 'events' AS basis
