"""Shared nodes and helpers of the two DoD "Chinese military companies" loaders."""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import PROV

from sanctiongraph.loaders.base import LoadContext
from sanctiongraph.ontology import KG
from sanctiongraph.ontology.ids import derived_iri, reference_iri

DOD = reference_iri("agency", "us-dod")
CHINA = "cn"
# Firms DoD names get IRIs in one "us-dod" dataset, so the same name on the Section 1237
# and Section 1260H lists is one node; different spellings are left to entity resolution.
DATASET = "us-dod"


def dod_company(ctx: LoadContext, name: str) -> URIRef:
    """The node of a firm the DoD named, typed and named, based in China."""
    company = derived_iri("company", DATASET, name.strip())
    ctx.add_type(company, KG.Company)
    ctx.add(company, KG.name, name.strip())
    ctx.add(company, KG.country, ctx.country(CHINA))
    return company


def listing(
    ctx: LoadContext,
    *,
    kind: URIRef,
    list_key: str,
    legal_basis: URIRef,
    target: URIRef,
    date: str,
    key: str,
) -> URIRef:
    """A Designation or Delisting of record on a DoD list, cited to this document."""
    action = derived_iri("action", list_key, key, str(kind), date)
    ctx.add_type(action, kind)
    ctx.add(action, KG.target, target)
    ctx.add(action, KG.imposedBy, DOD)
    ctx.add(action, KG.onList, reference_iri("list", list_key))
    ctx.add(action, KG.legalBasis, legal_basis)
    ctx.add_date(action, KG.actionDate, date)
    ctx.add(action, PROV.wasDerivedFrom, ctx.doc)
    return action
