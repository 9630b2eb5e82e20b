"""Which FtM property is which kg: term, in both directions.

The loader reads with these tables and the export writes with them, so what one writes the
other reads back unchanged (export -> load -> export is a fixed point). Where several FtM
properties land on one term (summary and notes), the first one listed is the one written.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import DCTERMS

from sanctiongraph.ontology import KG

# How a value is written in the graph.
TEXT, DATE, COUNTRY = "text", "date", "country"

# Properties of parties (LegalEntity and its descendants, vessels, aircraft): FtM name -> (term, kind).
PARTY_PROPERTIES: dict[str, tuple[URIRef, str]] = {
    "alias": (KG.alias, TEXT),
    "weakAlias": (KG.weakAlias, TEXT),
    "previousName": (KG.previousName, TEXT),
    "abbreviation": (KG.acronym, TEXT),
    "address": (KG.address, TEXT),
    "birthPlace": (KG.birthPlace, TEXT),
    "notes": (KG.notes, TEXT),
    "summary": (KG.notes, TEXT),
    "description": (KG.notes, TEXT),
    "position": (KG.title, TEXT),
    "title": (KG.title, TEXT),
    "registrationNumber": (KG.registrationNumber, TEXT),
    "ogrnCode": (KG.registrationNumber, TEXT),
    "taxNumber": (KG.taxNumber, TEXT),
    "innCode": (KG.taxNumber, TEXT),
    "vatCode": (KG.taxNumber, TEXT),
    "leiCode": (KG.leiCode, TEXT),
    "kppCode": (KG.kppCode, TEXT),
    "permId": (KG.permId, TEXT),
    "uniqueEntityId": (KG.uniqueEntityId, TEXT),
    "programId": (KG.programId, TEXT),
    "isinCode": (KG.isin, TEXT),
    "imoNumber": (KG.imoNumber, TEXT),
    "passportNumber": (KG.passportNumber, TEXT),
    "idNumber": (KG.idNumber, TEXT),
    "website": (KG.website, TEXT),
    "wikidataId": (KG.wikidataId, TEXT),
    "sector": (KG.sector, TEXT),
    "sourceUrl": (KG.sourceUrl, TEXT),
    "topics": (KG.topic, TEXT),
    "firstName": (KG.firstName, TEXT),
    "secondName": (KG.secondName, TEXT),
    "middleName": (KG.middleName, TEXT),
    "lastName": (KG.lastName, TEXT),
    "fatherName": (KG.fatherName, TEXT),
    "gender": (KG.gender, TEXT),
    "legalForm": (KG.legalForm, TEXT),
    "status": (KG.status, TEXT),
    "email": (KG.email, TEXT),
    "phone": (KG.phone, TEXT),
    "mmsi": (KG.mmsi, TEXT),
    "callSign": (KG.callSign, TEXT),
    "birthDate": (KG.birthDate, DATE),
    "deathDate": (KG.deathDate, DATE),
    "incorporationDate": (KG.incorporationDate, DATE),
    "dissolutionDate": (KG.dissolutionDate, DATE),
    "country": (KG.country, COUNTRY),
    "mainCountry": (KG.country, COUNTRY),
    "jurisdiction": (KG.jurisdiction, COUNTRY),
    "nationality": (KG.nationality, COUNTRY),
    "citizenship": (KG.nationality, COUNTRY),
    "birthCountry": (KG.birthCountry, COUNTRY),
    "flag": (KG.flag, COUNTRY),
}

# Our node classes and the FtM schema each is written as, most specific first.
PARTY_SCHEMATA: dict[str, tuple[str, URIRef]] = {  # FtM schema -> (IRI kind, class)
    "Person": ("person", KG.Person),
    "PublicBody": ("organization", KG.GovernmentAgency),
    "Company": ("company", KG.Company),
    "Organization": ("organization", KG.Organization),
    "LegalEntity": ("organization", KG.Organization),
    "Vessel": ("vessel", KG.Vessel),
    "Airplane": ("aircraft", KG.Aircraft),
}
CLASS_SCHEMA: dict[URIRef, str] = {
    KG.Person: "Person",
    KG.GovernmentAgency: "PublicBody",
    KG.Company: "Company",
    KG.Vessel: "Vessel",
    KG.Aircraft: "Airplane",
    KG.Organization: "Organization",
    KG.Government: "PublicBody",
}

# Ties kept as kg:Relationship (kg:subject, kg:object), with the FtM property that names the kind.
RELATIONSHIPS: dict[str, str] = {
    "Family": "relationship",
    "Associate": "relationship",
    "UnknownLink": "role",
    "Representation": "role",
    "Membership": "role",
    "Employment": "role",
}

# Sanction properties: FtM name -> (term, kind); authority, program and entity are handled apart.
SANCTION_PROPERTIES: dict[str, tuple[URIRef, str]] = {
    "reason": (KG.reason, TEXT),
    "sourceUrl": (KG.sourceUrl, TEXT),
    "authorityId": (KG.authorityId, TEXT),
    "summary": (KG.notes, TEXT),
    "provisions": (KG.provisions, TEXT),
    "status": (KG.status, TEXT),
    "duration": (KG.duration, TEXT),
    "programUrl": (KG.programUrl, TEXT),
    "recordId": (KG.recordId, TEXT),
    "unscId": (KG.unscId, TEXT),
    "country": (KG.jurisdiction, COUNTRY),  # the sanctioning authority's country, not the target's
    "listingDate": (KG.listingDate, DATE),
    "startDate": (KG.startDate, DATE),
    "endDate": (KG.endDate, DATE),
}
# Ownership and Directorship properties besides their two ends and dates.
INTERVAL_PROPERTIES: dict[str, tuple[URIRef, str]] = {
    "role": (KG.role, TEXT),
    "summary": (KG.notes, TEXT),
    "sharesCount": (KG.sharesCount, TEXT),
}
# FtM Document entities (documents a source cites, not documents we loaded).
DOCUMENT_PROPERTIES: dict[str, tuple[URIRef, str]] = {
    "title": (DCTERMS.title, TEXT),
    "fileName": (KG.sourcePath, TEXT),
    "publisher": (KG.publisherName, TEXT),
    "sourceUrl": (KG.sourceUrl, TEXT),
    "date": (DCTERMS.issued, DATE),
}
INTERVAL_DATES: dict[str, URIRef] = {"startDate": KG.startDate, "endDate": KG.endDate}


def written_property(term: URIRef, table: dict[str, tuple[URIRef, str]]) -> str:
    """The FtM property a term is written as: the first one that reads into it."""
    return next(name for name, (t, _) in table.items() if t == term)
