// title: Changes to a list between two dates
// description: Designations added, delistings and amendments of a list between two dates. Actions known only from comparing releases have date bounds; within is yes when the bounds lie inside the window and possibly when they only overlap it. Twin of changes_between.rq; dates compare as ISO text.
// param: list (iri) the list, e.g. https://w3id.org/sanctiongraph/id/list/us-ofac-sdn
// param: since (date) start of the window (exclusive)
// param: until (date) end of the window (inclusive)
MATCH (l) WHERE l.iri = $list
MATCH (a:Designation)-[:ON_LIST]->(l)
MATCH (a)-[:TARGET]->(target)
UNWIND ['bounds', 'date'] AS branch
WITH a, target, branch WHERE
  (branch = 'bounds' AND a.notBefore IS NOT NULL AND a.notAfter > $since AND a.notBefore < $until)
  OR (branch = 'date' AND a.actionDate > $since AND a.actionDate <= $until)
RETURN DISTINCT 'added' AS change, a.iri AS action, target.iri AS target, target.name AS name,
       a.authorityId AS authority_id,
       CASE WHEN branch = 'date' THEN a.actionDate END AS date,
       CASE WHEN branch = 'bounds' THEN a.notBefore END AS not_before,
       CASE WHEN branch = 'bounds' THEN a.notAfter END AS not_after,
       CASE WHEN branch = 'date' OR (a.notBefore >= $since AND a.notAfter <= $until) THEN 'yes'
            ELSE 'possibly' END AS within,
       a.changedField AS changed
UNION ALL
MATCH (l) WHERE l.iri = $list
MATCH (a:Delisting)-[:ON_LIST]->(l)
MATCH (a)-[:TARGET]->(target)
UNWIND ['bounds', 'date'] AS branch
WITH a, target, branch WHERE
  (branch = 'bounds' AND a.notBefore IS NOT NULL AND a.notAfter > $since AND a.notBefore < $until)
  OR (branch = 'date' AND a.actionDate > $since AND a.actionDate <= $until)
RETURN DISTINCT 'removed' AS change, a.iri AS action, target.iri AS target, target.name AS name,
       a.authorityId AS authority_id,
       CASE WHEN branch = 'date' THEN a.actionDate END AS date,
       CASE WHEN branch = 'bounds' THEN a.notBefore END AS not_before,
       CASE WHEN branch = 'bounds' THEN a.notAfter END AS not_after,
       CASE WHEN branch = 'date' OR (a.notBefore >= $since AND a.notAfter <= $until) THEN 'yes'
            ELSE 'possibly' END AS within,
       a.changedField AS changed
UNION ALL
MATCH (l) WHERE l.iri = $list
MATCH (a:Amendment)-[:ON_LIST]->(l)
MATCH (a)-[:TARGET]->(target)
UNWIND ['bounds', 'date'] AS branch
WITH a, target, branch WHERE
  (branch = 'bounds' AND a.notBefore IS NOT NULL AND a.notAfter > $since AND a.notBefore < $until)
  OR (branch = 'date' AND a.actionDate > $since AND a.actionDate <= $until)
RETURN DISTINCT 'amended' AS change, a.iri AS action, target.iri AS target, target.name AS name,
       a.authorityId AS authority_id,
       CASE WHEN branch = 'date' THEN a.actionDate END AS date,
       CASE WHEN branch = 'bounds' THEN a.notBefore END AS not_before,
       CASE WHEN branch = 'bounds' THEN a.notAfter END AS not_after,
       CASE WHEN branch = 'date' OR (a.notBefore >= $since AND a.notAfter <= $until) THEN 'yes'
            ELSE 'possibly' END AS within,
       a.changedField AS changed
