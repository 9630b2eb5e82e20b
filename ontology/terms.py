"""Closed namespace of kg: terms. Generated from kg.ttl by ontology/generate.py: do not edit."""

from pyoxigraph import NamedNode
from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef

_NS = "https://w3id.org/sanctiongraph/ontology#"


class KG(DefinedNamespace):
    """Every term kg.ttl defines; any other attribute raises AttributeError."""

    _fail = True
    _NS = Namespace(_NS)

    Agent: URIRef
    Aircraft: URIRef
    Amendment: URIRef
    Asset: URIRef
    Claim: URIRef
    ClaimVerdict: URIRef
    Cluster: URIRef
    Company: URIRef
    Country: URIRef
    Delisting: URIRef
    Designation: URIRef
    Directorship: URIRef
    Event: URIRef
    Government: URIRef
    GovernmentAgency: URIRef
    Interval: URIRef
    LegalInstrument: URIRef
    LoadRun: URIRef
    Loader: URIRef
    MatchDecision: URIRef
    Measure: URIRef
    Mention: URIRef
    Organization: URIRef
    Ownership: URIRef
    Person: URIRef
    Relationship: URIRef
    ReportedAction: URIRef
    SanctionsAction: URIRef
    SanctionsList: URIRef
    SanctionsProgram: URIRef
    SkippedRecords: URIRef
    SourceDocument: URIRef
    Stance: URIRef
    Statute: URIRef
    StatuteSection: URIRef
    UnmappedField: URIRef
    Vessel: URIRef
    about: URIRef
    accuses: URIRef
    acronym: URIRef
    actionDate: URIRef
    actionKind: URIRef
    actionKindScheme: URIRef
    address: URIRef
    administeredBy: URIRef
    agencyKind: URIRef
    alias: URIRef
    amends: URIRef
    amendsLaw: URIRef
    announces: URIRef
    armsEmbargo: URIRef
    asserts: URIRef
    asset: URIRef
    assetFreeze: URIRef
    authorityId: URIRef
    birthCountry: URIRef
    birthDate: URIRef
    birthPlace: URIRef
    callSign: URIRef
    callsFor: URIRef
    canonical: URIRef
    changedField: URIRef
    cites: URIRef
    claimKind: URIRef
    contentGraph: URIRef
    contradicted: URIRef
    count: URIRef
    country: URIRef
    courtInjunction: URIRef
    dateDocument: URIRef
    deathDate: URIRef
    denies: URIRef
    director: URIRef
    dissolutionDate: URIRef
    documentKind: URIRef
    duration: URIRef
    effectiveDate: URIRef
    email: URIRef
    endDate: URIRef
    endOffset: URIRef
    ends: URIRef
    example: URIRef
    executiveOrderAction: URIRef
    exportControl: URIRef
    fatherName: URIRef
    feature: URIRef
    federalRegisterCitation: URIRef
    fieldName: URIRef
    firstName: URIRef
    flag: URIRef
    ftmId: URIRef
    ftmSchema: URIRef
    gender: URIRef
    governs: URIRef
    idNumber: URIRef
    imoNumber: URIRef
    imposedBy: URIRef
    includesList: URIRef
    incorporationDate: URIRef
    indictment: URIRef
    instrumentType: URIRef
    investmentBan: URIRef
    isin: URIRef
    isoCode: URIRef
    judgement: URIRef
    jurisdiction: URIRef
    kppCode: URIRef
    lastName: URIRef
    lastUpdated: URIRef
    left: URIRef
    legalBasis: URIRef
    legalForm: URIRef
    leiCode: URIRef
    licensePolicy: URIRef
    licenseRequirement: URIRef
    listKey: URIRef
    listingDate: URIRef
    listingOnly: URIRef
    loaderName: URIRef
    loaderVersion: URIRef
    localId: URIRef
    measure: URIRef
    measureScheme: URIRef
    member: URIRef
    mentionType: URIRef
    method: URIRef
    middleName: URIRef
    mmsi: URIRef
    name: URIRef
    nationality: URIRef
    neutral: URIRef
    notAfter: URIRef
    notBefore: URIRef
    notes: URIRef
    number: URIRef
    object: URIRef
    officialVoiceOf: URIRef
    onList: URIRef
    opposes: URIRef
    organization: URIRef
    owner: URIRef
    parentCompany: URIRef
    partOf: URIRef
    passedBy: URIRef
    passportCountry: URIRef
    passportNumber: URIRef
    percentage: URIRef
    permId: URIRef
    phone: URIRef
    previousName: URIRef
    previousRelease: URIRef
    procurementBan: URIRef
    programId: URIRef
    programKey: URIRef
    programUrl: URIRef
    provisions: URIRef
    publisherName: URIRef
    quote: URIRef
    reason: URIRef
    recordId: URIRef
    recordsLoaded: URIRef
    recordsRead: URIRef
    recordsSkipped: URIRef
    registrationNumber: URIRef
    relationshipKind: URIRef
    releaseOf: URIRef
    reports: URIRef
    resolutionMethod: URIRef
    resolvedTo: URIRef
    retrievedAt: URIRef
    right: URIRef
    role: URIRef
    sanctionedBy: URIRef
    score: URIRef
    secondName: URIRef
    sector: URIRef
    sha256: URIRef
    sharesCount: URIRef
    skipReason: URIRef
    skipped: URIRef
    sourcePath: URIRef
    sourceText: URIRef
    sourceUrl: URIRef
    speaker: URIRef
    stance: URIRef
    stanceScheme: URIRef
    startDate: URIRef
    startOffset: URIRef
    statedIn: URIRef
    statedOn: URIRef
    status: URIRef
    subOrganizationOf: URIRef
    subject: URIRef
    supported: URIRef
    supportedDifferentDate: URIRef
    supports: URIRef
    surfaceText: URIRef
    target: URIRef
    taxNumber: URIRef
    ticker: URIRef
    title: URIRef
    tokenCounts: URIRef
    topic: URIRef
    tranche: URIRef
    travelBan: URIRef
    triplesLoaded: URIRef
    underProgram: URIRef
    uniqueEntityId: URIRef
    unmapped: URIRef
    unscId: URIRef
    unverified: URIRef
    uslmId: URIRef
    verdict: URIRef
    verdictScheme: URIRef
    weakAlias: URIRef
    website: URIRef
    wikidataId: URIRef


class KGO:
    """The terms of KG as pyoxigraph NamedNodes (a plain class: a typo raises AttributeError)."""

    __slots__ = ()

    Agent = NamedNode(_NS + "Agent")
    Aircraft = NamedNode(_NS + "Aircraft")
    Amendment = NamedNode(_NS + "Amendment")
    Asset = NamedNode(_NS + "Asset")
    Claim = NamedNode(_NS + "Claim")
    ClaimVerdict = NamedNode(_NS + "ClaimVerdict")
    Cluster = NamedNode(_NS + "Cluster")
    Company = NamedNode(_NS + "Company")
    Country = NamedNode(_NS + "Country")
    Delisting = NamedNode(_NS + "Delisting")
    Designation = NamedNode(_NS + "Designation")
    Directorship = NamedNode(_NS + "Directorship")
    Event = NamedNode(_NS + "Event")
    Government = NamedNode(_NS + "Government")
    GovernmentAgency = NamedNode(_NS + "GovernmentAgency")
    Interval = NamedNode(_NS + "Interval")
    LegalInstrument = NamedNode(_NS + "LegalInstrument")
    LoadRun = NamedNode(_NS + "LoadRun")
    Loader = NamedNode(_NS + "Loader")
    MatchDecision = NamedNode(_NS + "MatchDecision")
    Measure = NamedNode(_NS + "Measure")
    Mention = NamedNode(_NS + "Mention")
    Organization = NamedNode(_NS + "Organization")
    Ownership = NamedNode(_NS + "Ownership")
    Person = NamedNode(_NS + "Person")
    Relationship = NamedNode(_NS + "Relationship")
    ReportedAction = NamedNode(_NS + "ReportedAction")
    SanctionsAction = NamedNode(_NS + "SanctionsAction")
    SanctionsList = NamedNode(_NS + "SanctionsList")
    SanctionsProgram = NamedNode(_NS + "SanctionsProgram")
    SkippedRecords = NamedNode(_NS + "SkippedRecords")
    SourceDocument = NamedNode(_NS + "SourceDocument")
    Stance = NamedNode(_NS + "Stance")
    Statute = NamedNode(_NS + "Statute")
    StatuteSection = NamedNode(_NS + "StatuteSection")
    UnmappedField = NamedNode(_NS + "UnmappedField")
    Vessel = NamedNode(_NS + "Vessel")
    about = NamedNode(_NS + "about")
    accuses = NamedNode(_NS + "accuses")
    acronym = NamedNode(_NS + "acronym")
    actionDate = NamedNode(_NS + "actionDate")
    actionKind = NamedNode(_NS + "actionKind")
    actionKindScheme = NamedNode(_NS + "actionKindScheme")
    address = NamedNode(_NS + "address")
    administeredBy = NamedNode(_NS + "administeredBy")
    agencyKind = NamedNode(_NS + "agencyKind")
    alias = NamedNode(_NS + "alias")
    amends = NamedNode(_NS + "amends")
    amendsLaw = NamedNode(_NS + "amendsLaw")
    announces = NamedNode(_NS + "announces")
    armsEmbargo = NamedNode(_NS + "armsEmbargo")
    asserts = NamedNode(_NS + "asserts")
    asset = NamedNode(_NS + "asset")
    assetFreeze = NamedNode(_NS + "assetFreeze")
    authorityId = NamedNode(_NS + "authorityId")
    birthCountry = NamedNode(_NS + "birthCountry")
    birthDate = NamedNode(_NS + "birthDate")
    birthPlace = NamedNode(_NS + "birthPlace")
    callSign = NamedNode(_NS + "callSign")
    callsFor = NamedNode(_NS + "callsFor")
    canonical = NamedNode(_NS + "canonical")
    changedField = NamedNode(_NS + "changedField")
    cites = NamedNode(_NS + "cites")
    claimKind = NamedNode(_NS + "claimKind")
    contentGraph = NamedNode(_NS + "contentGraph")
    contradicted = NamedNode(_NS + "contradicted")
    count = NamedNode(_NS + "count")
    country = NamedNode(_NS + "country")
    courtInjunction = NamedNode(_NS + "courtInjunction")
    dateDocument = NamedNode(_NS + "dateDocument")
    deathDate = NamedNode(_NS + "deathDate")
    denies = NamedNode(_NS + "denies")
    director = NamedNode(_NS + "director")
    dissolutionDate = NamedNode(_NS + "dissolutionDate")
    documentKind = NamedNode(_NS + "documentKind")
    duration = NamedNode(_NS + "duration")
    effectiveDate = NamedNode(_NS + "effectiveDate")
    email = NamedNode(_NS + "email")
    endDate = NamedNode(_NS + "endDate")
    endOffset = NamedNode(_NS + "endOffset")
    ends = NamedNode(_NS + "ends")
    example = NamedNode(_NS + "example")
    executiveOrderAction = NamedNode(_NS + "executiveOrderAction")
    exportControl = NamedNode(_NS + "exportControl")
    fatherName = NamedNode(_NS + "fatherName")
    feature = NamedNode(_NS + "feature")
    federalRegisterCitation = NamedNode(_NS + "federalRegisterCitation")
    fieldName = NamedNode(_NS + "fieldName")
    firstName = NamedNode(_NS + "firstName")
    flag = NamedNode(_NS + "flag")
    ftmId = NamedNode(_NS + "ftmId")
    ftmSchema = NamedNode(_NS + "ftmSchema")
    gender = NamedNode(_NS + "gender")
    governs = NamedNode(_NS + "governs")
    idNumber = NamedNode(_NS + "idNumber")
    imoNumber = NamedNode(_NS + "imoNumber")
    imposedBy = NamedNode(_NS + "imposedBy")
    includesList = NamedNode(_NS + "includesList")
    incorporationDate = NamedNode(_NS + "incorporationDate")
    indictment = NamedNode(_NS + "indictment")
    instrumentType = NamedNode(_NS + "instrumentType")
    investmentBan = NamedNode(_NS + "investmentBan")
    isin = NamedNode(_NS + "isin")
    isoCode = NamedNode(_NS + "isoCode")
    judgement = NamedNode(_NS + "judgement")
    jurisdiction = NamedNode(_NS + "jurisdiction")
    kppCode = NamedNode(_NS + "kppCode")
    lastName = NamedNode(_NS + "lastName")
    lastUpdated = NamedNode(_NS + "lastUpdated")
    left = NamedNode(_NS + "left")
    legalBasis = NamedNode(_NS + "legalBasis")
    legalForm = NamedNode(_NS + "legalForm")
    leiCode = NamedNode(_NS + "leiCode")
    licensePolicy = NamedNode(_NS + "licensePolicy")
    licenseRequirement = NamedNode(_NS + "licenseRequirement")
    listKey = NamedNode(_NS + "listKey")
    listingDate = NamedNode(_NS + "listingDate")
    listingOnly = NamedNode(_NS + "listingOnly")
    loaderName = NamedNode(_NS + "loaderName")
    loaderVersion = NamedNode(_NS + "loaderVersion")
    localId = NamedNode(_NS + "localId")
    measure = NamedNode(_NS + "measure")
    measureScheme = NamedNode(_NS + "measureScheme")
    member = NamedNode(_NS + "member")
    mentionType = NamedNode(_NS + "mentionType")
    method = NamedNode(_NS + "method")
    middleName = NamedNode(_NS + "middleName")
    mmsi = NamedNode(_NS + "mmsi")
    name = NamedNode(_NS + "name")
    nationality = NamedNode(_NS + "nationality")
    neutral = NamedNode(_NS + "neutral")
    notAfter = NamedNode(_NS + "notAfter")
    notBefore = NamedNode(_NS + "notBefore")
    notes = NamedNode(_NS + "notes")
    number = NamedNode(_NS + "number")
    object = NamedNode(_NS + "object")
    officialVoiceOf = NamedNode(_NS + "officialVoiceOf")
    onList = NamedNode(_NS + "onList")
    opposes = NamedNode(_NS + "opposes")
    organization = NamedNode(_NS + "organization")
    owner = NamedNode(_NS + "owner")
    parentCompany = NamedNode(_NS + "parentCompany")
    partOf = NamedNode(_NS + "partOf")
    passedBy = NamedNode(_NS + "passedBy")
    passportCountry = NamedNode(_NS + "passportCountry")
    passportNumber = NamedNode(_NS + "passportNumber")
    percentage = NamedNode(_NS + "percentage")
    permId = NamedNode(_NS + "permId")
    phone = NamedNode(_NS + "phone")
    previousName = NamedNode(_NS + "previousName")
    previousRelease = NamedNode(_NS + "previousRelease")
    procurementBan = NamedNode(_NS + "procurementBan")
    programId = NamedNode(_NS + "programId")
    programKey = NamedNode(_NS + "programKey")
    programUrl = NamedNode(_NS + "programUrl")
    provisions = NamedNode(_NS + "provisions")
    publisherName = NamedNode(_NS + "publisherName")
    quote = NamedNode(_NS + "quote")
    reason = NamedNode(_NS + "reason")
    recordId = NamedNode(_NS + "recordId")
    recordsLoaded = NamedNode(_NS + "recordsLoaded")
    recordsRead = NamedNode(_NS + "recordsRead")
    recordsSkipped = NamedNode(_NS + "recordsSkipped")
    registrationNumber = NamedNode(_NS + "registrationNumber")
    relationshipKind = NamedNode(_NS + "relationshipKind")
    releaseOf = NamedNode(_NS + "releaseOf")
    reports = NamedNode(_NS + "reports")
    resolutionMethod = NamedNode(_NS + "resolutionMethod")
    resolvedTo = NamedNode(_NS + "resolvedTo")
    retrievedAt = NamedNode(_NS + "retrievedAt")
    right = NamedNode(_NS + "right")
    role = NamedNode(_NS + "role")
    sanctionedBy = NamedNode(_NS + "sanctionedBy")
    score = NamedNode(_NS + "score")
    secondName = NamedNode(_NS + "secondName")
    sector = NamedNode(_NS + "sector")
    sha256 = NamedNode(_NS + "sha256")
    sharesCount = NamedNode(_NS + "sharesCount")
    skipReason = NamedNode(_NS + "skipReason")
    skipped = NamedNode(_NS + "skipped")
    sourcePath = NamedNode(_NS + "sourcePath")
    sourceText = NamedNode(_NS + "sourceText")
    sourceUrl = NamedNode(_NS + "sourceUrl")
    speaker = NamedNode(_NS + "speaker")
    stance = NamedNode(_NS + "stance")
    stanceScheme = NamedNode(_NS + "stanceScheme")
    startDate = NamedNode(_NS + "startDate")
    startOffset = NamedNode(_NS + "startOffset")
    statedIn = NamedNode(_NS + "statedIn")
    statedOn = NamedNode(_NS + "statedOn")
    status = NamedNode(_NS + "status")
    subOrganizationOf = NamedNode(_NS + "subOrganizationOf")
    subject = NamedNode(_NS + "subject")
    supported = NamedNode(_NS + "supported")
    supportedDifferentDate = NamedNode(_NS + "supportedDifferentDate")
    supports = NamedNode(_NS + "supports")
    surfaceText = NamedNode(_NS + "surfaceText")
    target = NamedNode(_NS + "target")
    taxNumber = NamedNode(_NS + "taxNumber")
    ticker = NamedNode(_NS + "ticker")
    title = NamedNode(_NS + "title")
    tokenCounts = NamedNode(_NS + "tokenCounts")
    topic = NamedNode(_NS + "topic")
    tranche = NamedNode(_NS + "tranche")
    travelBan = NamedNode(_NS + "travelBan")
    triplesLoaded = NamedNode(_NS + "triplesLoaded")
    underProgram = NamedNode(_NS + "underProgram")
    uniqueEntityId = NamedNode(_NS + "uniqueEntityId")
    unmapped = NamedNode(_NS + "unmapped")
    unscId = NamedNode(_NS + "unscId")
    unverified = NamedNode(_NS + "unverified")
    uslmId = NamedNode(_NS + "uslmId")
    verdict = NamedNode(_NS + "verdict")
    verdictScheme = NamedNode(_NS + "verdictScheme")
    weakAlias = NamedNode(_NS + "weakAlias")
    website = NamedNode(_NS + "website")
    wikidataId = NamedNode(_NS + "wikidataId")
