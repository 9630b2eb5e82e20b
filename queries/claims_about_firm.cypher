// title: Claims about a firm
// description: What documents say about a firm: statements (speaker, stance, quote) and reported actions, each with its document, date and character offsets. Claims, not record. Twin of claims_about_firm.rq.
// param: firm (iri) the firm, or its resolution cluster
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (c:Claim)-[:ABOUT]->(f)
MATCH (c)-[:STATED_IN]->(document) WHERE c.claimKind IS NOT NULL
OPTIONAL MATCH (c)-[:HAS_STANCE]->(stance)
OPTIONAL MATCH (c)-[:SPEAKER]->(speaker)
RETURN DISTINCT c.iri AS claim, c.claimKind AS claimKind, stance.iri AS stance, speaker.iri AS speaker,
       speaker.name AS speakerName, c.quote AS quote, CASE WHEN false THEN c.iri END AS reported, document.iri AS document,
       document.publisherName AS publisher, c.statedOn AS statedOn, c.startOffset AS start, c.endOffset AS `end`
UNION
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (c:Claim)-[:ABOUT]->(r:ReportedAction)-[:TARGET]->(f)
MATCH (c)-[:STATED_IN]->(document) WHERE c.claimKind IS NOT NULL
OPTIONAL MATCH (c)-[:HAS_STANCE]->(stance)
OPTIONAL MATCH (c)-[:SPEAKER]->(speaker)
RETURN DISTINCT c.iri AS claim, c.claimKind AS claimKind, stance.iri AS stance, speaker.iri AS speaker,
       speaker.name AS speakerName, c.quote AS quote, r.iri AS reported, document.iri AS document,
       document.publisherName AS publisher, c.statedOn AS statedOn, c.startOffset AS start, c.endOffset AS `end`
UNION
MATCH (f) WHERE f.iri = $firm OR $firm IN f.records
MATCH (c:Claim)-[:SPEAKER]->(f) WHERE c.claimKind = 'statement'
MATCH (c)-[:STATED_IN]->(document)
OPTIONAL MATCH (c)-[:HAS_STANCE]->(stance)
OPTIONAL MATCH (c)-[:SPEAKER]->(speaker)
RETURN DISTINCT c.iri AS claim, c.claimKind AS claimKind, stance.iri AS stance, speaker.iri AS speaker,
       speaker.name AS speakerName, c.quote AS quote, CASE WHEN false THEN c.iri END AS reported, document.iri AS document,
       document.publisherName AS publisher, c.statedOn AS statedOn, c.startOffset AS start, c.endOffset AS `end`
