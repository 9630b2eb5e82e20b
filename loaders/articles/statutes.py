"""Parse statute citations ("Section 1237 of the NDAA for FY1999", "E.O. 13959", "15 CFR 744") to IRIs.

IRIs follow ontology/ID_POLICY.md rule 3 (USLM-style paths under kgr:law/us/...). A cited
section or order the reference data lacks is returned with the nodes to mint in the article
graph (kg:StatuteSection with kg:partOf and kg:number, or kg:Statute).
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from sanctiongraph.loaders.articles.model import Citation, Span, StatuteNode
from sanctiongraph.ontology.ids import reference_iri

LAW = "https://w3id.org/sanctiongraph/id/law/us/"
# National Defense Authorization Acts by fiscal year, as public laws (the ones our data cites).
NDAA_BY_YEAR = {1999: "pl/105/261", 2019: "pl/115/232", 2021: "pl/116/283"}
# Sections well enough known to be cited bare ("Section 1260H"); their act is implied.
KNOWN_SECTIONS = {"1237": "pl/105/261/s1237", "1260H": "pl/116/283/s1260h"}
# 50 U.S.C. sections that open a whole act in our reference data ("50 U.S.C. 1701 et seq." is IEEPA).
USC_ACTS = {("50", "1701"): "pl/95/223", ("50", "1601"): "pl/94/412", ("22", "2778"): "usc/t22/s2778"}

_ACT_NAMES = (
    r"(?:(?:Strom Thurmond|John S\. McCain|William M\. \(Mac\) Thornberry)\s+)?"
    r"National Defense Authorization Act\s+for\s+Fiscal\s+Year\s+(?P<y1>\d{4})"
    r"|NDAA\s+(?:for\s+)?(?:Fiscal\s+Year\s+|FY\s?)(?P<y2>\d{2,4})"
    r"|FY\s?(?P<y3>\d{2,4})\s+NDAA"
    r"|NDAA\s+FY\s?(?P<y4>\d{2,4})"
    r"|Fiscal\s+Year\s+(?P<y5>\d{4})\s+National\s+Defense\s+Authorization\s+Act"
)
NDAA = re.compile(rf"\b(?:{_ACT_NAMES})\b")
SECTION = re.compile(
    r"\b[Ss]ec(?:tion|\.)\s+(?P<number>\d+[A-Z]?)(?P<sub>(?:\([a-z0-9]+\))*)"
    rf"(?:,?\s+of\s+(?:the\s+)?(?:(?P<act>{_ACT_NAMES})|(?P<eo>(?:Executive\s+Order|E\.\s?O\.|EO)\s+(?P<eo_number>\d{{5}}))))?"
)
EXECUTIVE_ORDER = re.compile(r"\b(?:Executive\s+Order|E\.\s?O\.|EO)\s*(?:No\.\s*)?(?P<number>\d{5})\b")
CFR = re.compile(
    r"\b(?P<title>\d{1,2})\s*C\.?F\.?R\.?\s*(?:[Pp]arts?\s+|§+\s*)?(?P<part>\d{1,4})(?:\.(?P<section>\d+))?\b"
    r"(?:[-–]\s*(?P<part_end>\d{1,4})\b)?"
)
# "section 301 of title 3, United States Code"
USC_WORDS = re.compile(
    r"\b[Ss]ection\s+(?P<section>\d+[a-z]?)\s+of\s+title\s+(?P<title>\d{1,2}),?\s+United\s+States\s+Code\b"
)
# An NDAA cited with neither year nor section ("defined under the NDAA").
BARE_NDAA = re.compile(r"\bNDAA\b|\bNational\s+Defense\s+Authorization\s+Act\b")
# Any act by its name, with the acronym a text gives it ("Administrative Procedure Act (“APA”)").
NAMED_ACT = re.compile(r"\b(?P<name>(?:[A-Z][a-z]+\s+){1,6}Act)\b(?:\s*\(\s*[“\"]?(?P<acronym>[A-Z]{2,8})[”\"]?\s*\))?")
USC = re.compile(r"\b(?P<title>\d{1,2})\s*U\.\s?S\.\s?C\.?\s*§*\s*(?P<section>\d+[a-z]?)\b")
PUBLIC_LAW = re.compile(r"\bPub(?:lic|\.)?\s*L(?:aw|\.)?\s*(?:No\.\s*)?(?P<congress>\d{2,3})[-–](?P<number>\d{1,3})\b")


def find_citations(text: str, known: Container[str]) -> list[Citation]:
    """Every citation in text, longest first where they overlap; known holds the IRIs in the graph."""
    found = [c for finder in _FINDERS for c in finder(text, known)]
    chosen: list[Citation] = []
    for citation in sorted(found, key=lambda c: (c.span.start, -(c.span.end - c.span.start))):
        if not chosen or citation.span.start >= chosen[-1].span.end:
            chosen.append(citation)
    return chosen


def ndaa_year(match: re.Match[str]) -> int:
    """The fiscal year of an NDAA reference; 'FY99' is 1999 and 'FY19' 2019."""
    raw = next(match[g] for g in ("y1", "y2", "y3", "y4", "y5") if match[g])
    year = int(raw)
    return year if year > 100 else (1900 + year if year > 50 else 2000 + year)


def _sections(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in SECTION.finditer(text):
        number = match["number"]
        if match["eo_number"]:
            yield _eo_section(match, known)
        elif match["act"]:
            yield _act_section(match, number, known)
        elif number.upper() in KNOWN_SECTIONS:
            yield _citation(match, LAW + KNOWN_SECTIONS[number.upper()], known)


def _act_section(match: re.Match[str], number: str, known: Container[str]) -> Citation:
    year = ndaa_year(NDAA.search(match["act"]))  # type: ignore[arg-type]
    # Section 1237 is the FY1999 act's and 1260H the FY2021 act's: a wrong year ("FY19 NDAA"
    # for 1237) is a common typo, so the section number decides.
    if number.upper() in KNOWN_SECTIONS:
        return _citation(match, LAW + KNOWN_SECTIONS[number.upper()], known)
    act = NDAA_BY_YEAR.get(year)
    if act is None:
        return _citation(match, LAW + f"ndaa/fy{year}", known, _ndaa_node(year))
    section = StatuteNode(
        LAW + f"{act}/s{number.lower()}",
        "StatuteSection",
        f"Section {number} of the NDAA for Fiscal Year {year}",
        number,
        LAW + act,
    )
    return _citation(match, section.iri, known, section)


def _ndaa_node(year: int) -> StatuteNode:
    name = f"National Defense Authorization Act for Fiscal Year {year}"
    return StatuteNode(LAW + f"ndaa/fy{year}", "Statute", name, instrument_type="act")


def _eo_section(match: re.Match[str], known: Container[str]) -> Citation:
    order = match["eo_number"]
    section = StatuteNode(
        LAW + f"eo/{order}/s{match['number'].lower()}",
        "StatuteSection",
        f"Section {match['number']} of Executive Order {order}",
        match["number"],
        LAW + f"eo/{order}",
    )
    return _citation(match, section.iri, known, section, _eo_node(order))


def _eo_node(number: str) -> StatuteNode:
    return StatuteNode(LAW + f"eo/{number}", "Statute", f"Executive Order {number}", number, None, "executive order")


def _executive_orders(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in EXECUTIVE_ORDER.finditer(text):
        yield _citation(match, LAW + f"eo/{match['number']}", known, _eo_node(match["number"]))


def _cfr(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in CFR.finditer(text):
        if match["part_end"]:  # "15 CFR parts 730-774": a range of parts (the whole EAR)
            first, last = match["part"], match["part_end"]
            node = StatuteNode(
                LAW + f"cfr/t{match['title']}/pt{first}-{last}", "StatuteSection",
                f"{match['title']} CFR parts {first}-{last}", f"{first}-{last}", LAW + f"cfr/t{match['title']}",
            )  # fmt: skip
            yield _citation(match, node.iri, known, node)
            continue
        title, part, section = match["title"], match["part"], match["section"]
        title_node = StatuteNode(
            LAW + f"cfr/t{title}",
            "Statute",
            f"Title {title} of the Code of Federal Regulations",
            instrument_type="regulation",
        )
        part_node = StatuteNode(
            LAW + f"cfr/t{title}/pt{part}", "StatuteSection", f"{title} CFR part {part}", part, title_node.iri
        )
        if section:
            # The reference data files 47 CFR 54.9 directly under its title.
            direct = LAW + f"cfr/t{title}/s{part}.{section}"
            if direct in known:
                yield _citation(match, direct, known)
                continue
            node = StatuteNode(
                part_node.iri + f"/s{part}.{section}",
                "StatuteSection",
                f"{title} CFR {part}.{section}",
                f"{part}.{section}",
                part_node.iri,
            )
            yield _citation(match, node.iri, known, node, part_node, title_node)
        else:
            yield _citation(match, part_node.iri, known, part_node, title_node)


def _usc(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in USC.finditer(text):
        title, section = match["title"], match["section"]
        if (title, section) in USC_ACTS:
            yield _citation(match, LAW + USC_ACTS[(title, section)], known)
            continue
        title_node = StatuteNode(
            LAW + f"usc/t{title}", "Statute", f"Title {title} of the United States Code", instrument_type="code"
        )
        node = StatuteNode(
            LAW + f"usc/t{title}/s{section}", "StatuteSection", f"{title} U.S.C. {section}", section, title_node.iri
        )
        yield _citation(match, node.iri, known, node, title_node)


def _usc_words(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in USC_WORDS.finditer(text):
        title, section = match["title"], match["section"]
        title_node = StatuteNode(
            LAW + f"usc/t{title}", "Statute", f"Title {title} of the United States Code", instrument_type="code"
        )
        node = StatuteNode(
            LAW + f"usc/t{title}/s{section}", "StatuteSection", f"{title} U.S.C. {section}", section, title_node.iri
        )
        yield _citation(match, node.iri, known, node, title_node)


def _bare_ndaa(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in BARE_NDAA.finditer(text):
        node = StatuteNode(
            LAW + "ndaa", "Statute", "National Defense Authorization Act (year not stated)", instrument_type="act"
        )
        yield _citation(match, node.iri, known, node)


def named_acts(text: str, known: Container[str]) -> list[Citation]:
    """Acts cited by name alone; minted under law/us/act/<name> (the reference data knows the common ones)."""
    found = []
    for match in NAMED_ACT.finditer(text):
        words = match["name"].split()
        while words and words[0] in ("The", "Under", "Pursuant", "By", "In", "Of"):
            words.pop(0)
        if len(words) < 2:
            continue
        name = " ".join(words)
        slug = "-".join(w.lower() for w in words)
        node = StatuteNode(LAW + f"act/{slug}", "Statute", name, instrument_type="act")
        start = match.start() + match.group(0).index(words[0])
        citation = _citation(match, node.iri, known, node)
        acronyms = (match["acronym"],) if match["acronym"] else ()
        span = Span(start, match.end(), text[start : match.end()])
        found.append(Citation(span, citation.statute, citation.known, citation.minted, None, acronyms))
    return found


def _public_laws(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in PUBLIC_LAW.finditer(text):
        congress, number = match["congress"], match["number"]
        node = StatuteNode(
            LAW + f"pl/{congress}/{number}",
            "Statute",
            f"Pub. L. {congress}-{number}",
            f"{congress}-{number}",
            instrument_type="act",
        )
        yield _citation(match, node.iri, known, node)


def _ndaa_acts(text: str, known: Container[str]) -> Iterator[Citation]:
    for match in NDAA.finditer(text):
        year = ndaa_year(match)
        act = NDAA_BY_YEAR.get(year)
        if act is not None:
            yield _citation(match, LAW + act, known)
        else:
            yield _citation(match, LAW + f"ndaa/fy{year}", known, _ndaa_node(year))


def _citation(match: re.Match[str], iri: str, known: Container[str], *nodes: StatuteNode) -> Citation:
    span = Span(match.start(), match.end(), match.group(0))
    if iri in known:
        return Citation(span, iri, True)
    return Citation(span, iri, False, tuple(n for n in nodes if n.iri not in known))


_FINDERS = (_sections, _executive_orders, _cfr, _usc, _usc_words, _public_laws, _ndaa_acts, _bare_ndaa)


def statute_iri(key: str) -> str:
    """The IRI of a law under kgr:law/us/ (for tests and callers): 'eo/13959' -> .../law/us/eo/13959."""
    return str(reference_iri("law", f"us/{key}"))
