"""The Code of Practice part of the packaged catalog: measures, clocks and signatories.

The expected ID sets below are transcribed from the shared references
(transparency-and-training-summary.md §5, copyright.md §3-§8, safety-and-security.md §3-§18,
ai-act-gpai.md §7); a data change that adds, drops or renames an entry must change them too.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from gpaikit.law import Catalog, Clock, Measure, Provision, Signatory, load_catalog

CHAPTERS = ("transparency", "copyright", "safety_security")
CHAPTER_CITATION = {
    "transparency": "Transparency chapter",
    "copyright": "Copyright chapter",
    "safety_security": "Safety & Security chapter",
}

# --- expected measure IDs ------------------------------------------------------------------------

TRANSPARENCY_IDS = {"TR.C1", "TR.M1.1", "TR.M1.2", "TR.M1.3"}

COPYRIGHT_SUBRULES = {
    "CR.M1.1": ("SCOPE", "SINGLE_DOC", "OWNER", "MAINTAIN", "SUMMARY"),
    "CR.M1.2": ("SCOPE", "TPM", "PIRACY", "LIST", "THIRD_PARTY"),
    "CR.M1.3": (
        "ROBOTS",
        "ROBOTS.LATER_VERSIONS",
        "OTHER",
        "OTHER.NAMED",
        "STANDARDS",
        "RH_OTHER",
        "PUBLISH",
        "PUBLISH.ENFORCEMENT_DIRECTIVE",
        "SEARCH",
    ),
    "CR.M1.4": ("SAFEGUARDS", "AUP", "OSS_WARN", "SCOPE"),
    "CR.M1.5": (
        "CONTACT",
        "COMPLAINTS",
        "HANDLING",
        "EXC_UNFOUNDED",
        "EXC_REPEAT",
        "WITHOUT_PREJUDICE",
    ),
}
COPYRIGHT_IDS = {"CR.C1"} | {
    rule
    for measure, subs in COPYRIGHT_SUBRULES.items()
    for rule in (measure, *(f"{measure}.{s}" for s in subs))
}

# Commitment -> measure number -> paragraph-level rules (Code labels lowercase/numeric,
# toolkit labels UPPERCASE). 4 + 2 + 5 + 2 + 1 + 2 + 7 + 3 + 4 + 2 = 32 measures.
SS_MEASURES: dict[int, dict[str, tuple[str, ...]]] = {
    1: {
        "1.1": ("1", "2.a", "2.b", "2.c", "2.d", "3", "4", "CONFIRM_BY"),
        "1.2": ("CONTINUOUS", "FULL_PROCESS"),
        "1.3": ("UPDATE", "CADENCE", "ASSESSMENT", "REMEDIATION"),
        "1.4": (),
    },
    2: {"2.1": ("1", "2"), "2.2": ()},
    3: {
        "3.1": (),
        "3.2": (),
        "3.3": (),
        "3.4": (),
        "3.5": (
            "PURPOSE",
            "METHODS",
            "EXT_ACCESS",
            "USE_OF_RESULTS",
            "NO_RETALIATION",
            "DISCLOSURE",
            "SME",
        ),
    },
    4: {"4.1": ("a", "b", "DECISION", "SAFETY_MARGIN"), "4.2": ("1", "2", "3")},
    5: {"5.1": ()},
    6: {"6.1": (), "6.2": ("ALTERNATIVES", "STAGING")},
    7: {
        "7.1": ("1", "2", "3", "4"),
        "7.2": ("1", "2", "3"),
        "7.3": ("1.a", "1.b", "1.c", "1.d", "1.e", "1.f", "1.g", "1.h", "2", "3", "4"),
        "7.4": (),
        "7.5": (),
        "7.6": ("TRIGGER", "TIMING", "SIX_MONTHLY", "CONTENT"),
        "7.7": ("INITIAL", "UPDATE", "GRACE"),
    },
    8: {
        "8.1": ("ROLES", "LEVELS", "PRESUMPTION"),
        "8.2": (),
        "8.3": ("1", "2", "3", "4", "5", "6", "7"),
    },
    9: {
        "9.1": (),
        "9.2": tuple(str(i) for i in range(1, 10)),
        "9.3": (
            "INITIAL",
            "CLOCK_START",
            "T1",
            "T2",
            "T3",
            "T4",
            "INTERMEDIATE",
            "FINAL",
            "BUNDLING",
            "RECIPIENTS",
            "DAY_UNIT",
        ),
        "9.4": (),
    },
    10: {"10.1": ("1", "2", "3", "4", "RETENTION", "DECISIONS"), "10.2": ()},
}
# Rules stated at commitment level, outside any measure.
SS_COMMITMENT_RULES = {6: ("GOAL", "EXEMPTION", "DURATION"), 7: ("GENERAL",), 9: ("DEFINITION",)}
# Appendix -> (commitment it is filed under, section -> points).
SS_APPENDICES: dict[int, tuple[int, dict[str, tuple[str, ...]]]] = {
    1: (2, {"1": (), "2": (), "3": (), "4": ("1", "2", "3", "4")}),
    2: (3, {"1": ("1", "2", "3"), "2": ("1", "2", "3", "MARGIN", "LOSS")}),
    3: (
        3,
        {
            "1": (),
            "2": (),
            "3": (),
            "4": ("QUALIFICATIONS", "RESOURCES"),
            "5": ("1", "2", "QUALIFICATION", "RESOURCES", "SME", "REPORTING"),
        },
    ),
    4: (
        6,
        {
            "DEPARTURE": (),
            "1": ("1", "2", "3", "4"),
            "2": ("1", "2", "3", "4", "5", "6"),
            "3": ("1", "2", "3", "4"),
            "4": ("1", "2", "3", "4"),
            "5": ("1", "2", "3", "4", "5", "6", "7"),
        },
    ),
}


def _ss_expected() -> dict[str, str]:
    """Expected Safety & Security ID -> the commitment it is filed under."""
    expected: dict[str, str] = {}
    for n, measures in SS_MEASURES.items():
        commitment = f"SS.C{n}"
        expected[commitment] = commitment
        for number, rules in measures.items():
            measure = f"{commitment}.M{number}"
            expected[measure] = commitment
            expected.update({f"{measure}.{rule}": commitment for rule in rules})
    for n, rules in SS_COMMITMENT_RULES.items():
        expected.update({f"SS.C{n}.{rule}": f"SS.C{n}" for rule in rules})
    for n, (filed_under, sections) in SS_APPENDICES.items():
        for section, points in sections.items():
            base = f"SS.APP{n}.{section}"
            expected[base] = f"SS.C{filed_under}"
            expected.update({f"{base}.{p}": f"SS.C{filed_under}" for p in points})
    return expected


SS_EXPECTED = _ss_expected()
EXPECTED_IDS = {
    "transparency": TRANSPARENCY_IDS,
    "copyright": COPYRIGHT_IDS,
    "safety_security": set(SS_EXPECTED),
}
# Counts the references state for each chapter: (commitments, measures at "Measure n.m" level).
STATED_COUNTS = {"transparency": (1, 3), "copyright": (1, 5), "safety_security": (10, 32)}
MEASURE_LEVEL = {
    "transparency": re.compile(r"^TR\.M\d+\.\d+$"),
    "copyright": re.compile(r"^CR\.M\d+\.\d+$"),
    "safety_security": re.compile(r"^SS\.C\d+\.M\d+\.\d+$"),
}

# Which AI Act provisions each chapter may serve.
ALLOWED_SERVES = {
    "transparency": {
        "AIA.53_1_a",
        "AIA.53_1_b",
        "AIA.53_3",
        "AIA.ANNEX_XI_S1",
        "AIA.ANNEX_XII",
    },
    "copyright": {"AIA.53_1_c"},
    "safety_security": {
        "AIA.55_1_a",
        "AIA.55_1_b",
        "AIA.55_1_c",
        "AIA.55_1_d",
        "AIA.53_1_a",
        "AIA.53_3",
        "AIA.52_1",
        "AIA.ANNEX_XI_S2",
    },
}

UNCONFIRMED_MEASURES = {
    "TR.M1.1",
    "TR.M1.2",
    "TR.M1.3",
    "CR.M1.2.SCOPE",
    "CR.M1.3.ROBOTS.LATER_VERSIONS",
    "CR.M1.3.OTHER",
    "CR.M1.3.STANDARDS",
    "CR.M1.3.RH_OTHER",
    "CR.M1.3.PUBLISH.ENFORCEMENT_DIRECTIVE",
    "CR.M1.3.SEARCH",
    "CR.M1.5.EXC_UNFOUNDED",
    "CR.M1.5.EXC_REPEAT",
    "SS.C9.M9.3.DAY_UNIT",
}
ENCOURAGED = {"CR.M1.1.SUMMARY", "CR.M1.3.STANDARDS", "CR.M1.3.SEARCH"}
ENCOURAGED_PREFIX = "Encouraged, not required:"
SCOPE_NOTE_PREFIX = "Scope note, no action required:"

# --- expected clocks -----------------------------------------------------------------------------

# id -> (unit, value)
SS_CLOCKS: dict[str, tuple[str, int]] = {
    "CLOCK.SS.incident_critical_infrastructure": ("days", 2),
    "CLOCK.SS.incident_cybersecurity": ("days", 5),
    "CLOCK.SS.incident_death": ("days", 10),
    "CLOCK.SS.incident_serious_harm": ("days", 15),
    "CLOCK.SS.incident_intermediate": ("days", 4 * 7),
    "CLOCK.SS.incident_final": ("days", 60),
    "CLOCK.SS.incident_retention": ("years", 5),
    "CLOCK.SS.framework_confirm_after_notification": ("days", 4 * 7),
    "CLOCK.SS.framework_confirm_before_placement": ("days", 2 * 7),
    "CLOCK.SS.framework_notification": ("business_days", 5),
    "CLOCK.SS.framework_assessment": ("months", 12),
    "CLOCK.SS.framework_adequacy_horizon": ("months", 12),
    "CLOCK.SS.evaluator_disclosure_block": ("business_days", 30),
    "CLOCK.SS.external_evaluator_call": ("business_days", 20),
    "CLOCK.SS.evaluation_time": ("business_days", 20),
    "CLOCK.SS.evaluator_experience": ("years", 3),
    "CLOCK.SS.model_report_update_notification": ("business_days", 5),
    "CLOCK.SS.model_report_grace": ("business_days", 15),
    "CLOCK.SS.model_report_six_monthly": ("months", 6),
    "CLOCK.SS.more_capable_model_exception": ("months", 1),
    "CLOCK.SS.development_outlook": ("months", 6),
    "CLOCK.SS.whistleblower_notice": ("years", 1),
    "CLOCK.SS.documentation_retention": ("years", 10),
    "CLOCK.SS.reference_model_replacement": ("months", 6),
    "CLOCK.SS.interface_access_review": ("months", 6),
    "CLOCK.SS.full_assessment_before_placement": ("days", 1),
    "CLOCK.SS.model_report_before_placement": ("days", 1),
    "CLOCK.SS.model_report_access_initial": ("days", 0),
    "CLOCK.SS.model_report_before_change": ("days", 1),
}
# Clocks without a period of their own: a composite (earliest of) and the Code's open wording.
SS_CLOCKS_WITHOUT_PERIOD = {
    "CLOCK.SS.framework_confirmation": "earliest_of",
    "CLOCK.SS.framework_update": "without undue delay",
    "CLOCK.SS.model_report_triggered_update": "within a reasonable time",
}
BUSINESS_DAY_CLOCKS = {
    "CLOCK.SS.framework_notification",
    "CLOCK.SS.evaluator_disclosure_block",
    "CLOCK.SS.external_evaluator_call",
    "CLOCK.SS.evaluation_time",
    "CLOCK.SS.model_report_update_notification",
    "CLOCK.SS.model_report_grace",
}
# Measure 9.3 says "days"; reading them as calendar days is unconfirmed.
CALENDAR_DAY_INTERPRETATION = {
    "CLOCK.SS.incident_critical_infrastructure",
    "CLOCK.SS.incident_cybersecurity",
    "CLOCK.SS.incident_death",
    "CLOCK.SS.incident_serious_harm",
    "CLOCK.SS.incident_final",
}
# Measure 9.3 categories and the clock of their initial report.
INCIDENT_CATEGORY_CLOCKS = {
    "SS.C9.M9.3.T1": ("CLOCK.SS.incident_critical_infrastructure", 2),
    "SS.C9.M9.3.T2": ("CLOCK.SS.incident_cybersecurity", 5),
    "SS.C9.M9.3.T3": ("CLOCK.SS.incident_death", 10),
    "SS.C9.M9.3.T4": ("CLOCK.SS.incident_serious_harm", 15),
}

# --- expected signatories ------------------------------------------------------------------------

FULL_SIGNATORIES_DEC_2025 = {
    "Accexible",
    "AI Alignment Solutions",
    "Aleph Alpha",
    "Almawave",
    "Amazon",
    "Anthropic",
    "Bria AI",
    "Cohere",
    "Cyber Institute",
    "Domyn",
    "Dweve",
    "EUC Inovação Portugal",
    "Fastweb",
    "Google",
    "Humane Technology",
    "IBM",
    "Lawise",
    "LINAGORA",
    "Microsoft",
    "Mistral AI",
    "Open Hippo",
    "OpenAI",
    "Pleias",
    "re-inventa",
    "ServiceNow",
    "Virtuo Turing",
    "WRITER",
}
# Also named in press reports of the initial list of 1 August 2025.
NAMED_ON_INITIAL_LIST = {
    "Amazon",
    "Anthropic",
    "Google",
    "IBM",
    "Microsoft",
    "Mistral AI",
    "OpenAI",
    "Aleph Alpha",
    "Cohere",
    "ServiceNow",
}
FIRST_LIST = dt.date(2025, 8, 1)
REFERENCE_STATUS_DATE = dt.date(2026, 11, 28)

REF_IN_TEXT = re.compile(
    r"\b(?:SS\.(?:C|APP)\d[\w.]*|CR\.[CM]\d[\w.]*|TR\.[CM]\d[\w.]*|CLOCK\.[\w.]+)"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def _measures(catalog: Catalog, chapter: str) -> dict[str, Measure]:
    return {m.id: m for m in catalog.measures(chapter)}  # type: ignore[arg-type]


def _ss_clocks(catalog: Catalog) -> dict[str, Clock]:
    return {c.id: c for c in catalog.of_kind(Clock) if c.id.startswith("CLOCK.SS.")}


# --- measures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_exactly_the_reference_ids(catalog: Catalog, chapter: str) -> None:
    encoded = set(_measures(catalog, chapter))
    expected = EXPECTED_IDS[chapter]
    assert encoded == expected, (
        f"missing: {sorted(expected - encoded)}; unexpected: {sorted(encoded - expected)}"
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_counts_match_the_reference(catalog: Catalog, chapter: str) -> None:
    measures = _measures(catalog, chapter).values()
    commitments = [m for m in measures if m.level == "commitment"]
    measure_level = [m for m in measures if MEASURE_LEVEL[chapter].match(m.id)]
    assert (len(commitments), len(measure_level)) == STATED_COUNTS[chapter]


def test_code_has_twelve_commitments(catalog: Catalog) -> None:
    commitments = [m for m in catalog.measures() if m.level == "commitment"]
    assert sorted(m.id for m in commitments) == sorted(
        ["TR.C1", "CR.C1", *(f"SS.C{n}" for n in range(1, 11))]
    )


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_commitments_name_themselves_and_measures_point_to_their_commitment(
    catalog: Catalog, chapter: str
) -> None:
    for m in _measures(catalog, chapter).values():
        if m.level == "commitment":
            assert m.commitment == m.id, m.id
            continue
        parent = catalog.typed(m.commitment, Measure)
        assert parent.level == "commitment", m.id
        assert parent.chapter == m.chapter, m.id


def test_safety_security_entries_are_filed_under_the_expected_commitment(catalog: Catalog) -> None:
    for m in _measures(catalog, "safety_security").values():
        assert m.commitment == SS_EXPECTED[m.id], m.id


@pytest.mark.parametrize("chapter", ["transparency", "copyright"])
def test_non_safety_ids_extend_their_commitment_number(catalog: Catalog, chapter: str) -> None:
    for m in _measures(catalog, chapter).values():
        prefix, number = m.commitment.split(".C")
        assert m.id == m.commitment or m.id.startswith(f"{prefix}.M{number}."), m.id


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_sub_rules_hang_under_an_encoded_parent(catalog: Catalog, chapter: str) -> None:
    measures = _measures(catalog, chapter)
    for m in measures.values():
        if m.level == "commitment" or MEASURE_LEVEL[chapter].match(m.id):
            continue
        parts = m.id.split(".")
        parents = [".".join(parts[:i]) for i in range(len(parts) - 1, 1, -1)]
        owner = next((p for p in parents if p in measures), None)
        if owner is None:  # appendix sections and commitment-level rules
            assert m.id.startswith("SS.APP") or m.id.rsplit(".", 1)[0] == m.commitment, m.id
            continue
        assert measures[owner].commitment == m.commitment, m.id


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_every_measure_serves_articles_of_its_chapter(catalog: Catalog, chapter: str) -> None:
    for m in _measures(catalog, chapter).values():
        assert m.serves, f"{m.id} serves no article"
        assert len(set(m.serves)) == len(m.serves), m.id
        for ref in m.serves:
            assert isinstance(catalog.get(ref), Provision), f"{m.id}: {ref} is not a provision"
        assert set(m.serves) <= ALLOWED_SERVES[chapter], m.id


@pytest.mark.parametrize(
    ("prefixes", "article"),
    [
        (("SS.C9",), "AIA.55_1_c"),
        (("SS.C6", "SS.APP4"), "AIA.55_1_d"),
        (
            tuple(f"SS.C10.M10.1.{p}" for p in ("1", "2", "3", "4", "RETENTION")),
            "AIA.ANNEX_XI_S2",
        ),
        (("CR.",), "AIA.53_1_c"),
        (("SS.APP3",), "AIA.55_1_a"),
    ],
)
def test_rule_families_serve_their_article(
    catalog: Catalog, prefixes: tuple[str, ...], article: str
) -> None:
    family = [m for m in catalog.measures() if m.id.startswith(prefixes)]
    assert family
    missing = [m.id for m in family if article not in m.serves]
    assert not missing, f"do not serve {article}: {missing}"


def test_transparency_serves_annex_xi_and_xii(catalog: Catalog) -> None:
    served = {ref for m in catalog.measures("transparency") for ref in m.serves}
    assert {"AIA.53_1_a", "AIA.53_1_b", "AIA.ANNEX_XI_S1", "AIA.ANNEX_XII"} <= served


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_systemic_risk_only_exactly_for_safety_security(catalog: Catalog, chapter: str) -> None:
    flags = {m.systemic_risk_only for m in catalog.measures(chapter)}  # type: ignore[arg-type]
    assert flags == {chapter == "safety_security"}


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_measures_cite_their_chapter_of_the_code(catalog: Catalog, chapter: str) -> None:
    for m in _measures(catalog, chapter).values():
        assert m.source == "COP", m.id
        assert m.citation.startswith(f"Code of Practice, {CHAPTER_CITATION[chapter]}, "), m.id
        assert m.summary and len(m.summary) >= 20, m.id


def _paragraph_citation(entry_id: str) -> str | None:
    """The citation a Code paragraph ID implies, e.g. SS.C7.M7.3.1.f -> Measure 7.3(1)(f)."""
    measure = re.match(r"^SS\.C\d+\.M(\d+\.\d+)((?:\.[a-z0-9]+)*)$", entry_id)
    appendix = re.match(r"^SS\.APP(\d+\.\d+)((?:\.[a-z0-9]+)*)$", entry_id)
    found = measure or appendix
    if found is None:
        return None
    label = "Measure" if measure else "Appendix"
    paragraphs = "".join(f"({p})" for p in found.group(2).split(".") if p)
    return f"{label} {found.group(1)}{paragraphs}"


def test_safety_security_citations_match_the_paragraph_ids(catalog: Catalog) -> None:
    checked = 0
    for m in catalog.measures("safety_security"):
        expected = _paragraph_citation(m.id)
        if expected is None:
            continue
        checked += 1
        assert m.citation.endswith(expected), f"{m.id}: {m.citation!r} should cite {expected}"
    assert checked > 100


@pytest.mark.parametrize(
    ("entry_id", "paragraph"),
    [
        ("CR.M1.2.TPM", "Measure 1.2(a)"),
        ("CR.M1.2.PIRACY", "Measure 1.2(b)"),
        ("CR.M1.3.ROBOTS", "Measure 1.3(1)(a)"),
        ("CR.M1.3.OTHER", "Measure 1.3(1)(b)"),
        ("CR.M1.3.PUBLISH", "Measure 1.3(4)"),
        ("CR.M1.3.SEARCH", "Measure 1.3(5)"),
        ("SS.C9.M9.3.T1", "Measure 9.3(1)"),
        ("SS.C9.M9.3.T4", "Measure 9.3(4)"),
        ("SS.C7.M7.6.SIX_MONTHLY", "Measure 7.6(3)"),
    ],
)
def test_labelled_rules_cite_the_code_paragraph(
    catalog: Catalog, entry_id: str, paragraph: str
) -> None:
    assert catalog.get(entry_id).citation.endswith(paragraph)


def test_unconfirmed_flags_follow_the_references(catalog: Catalog) -> None:
    flagged = {m.id for m in catalog.measures() if m.unconfirmed}
    assert flagged == UNCONFIRMED_MEASURES
    for entry_id in flagged:
        assert catalog.get(entry_id).note, f"{entry_id} is unconfirmed without saying why"


def test_encouraged_rules_are_marked_as_such(catalog: Catalog) -> None:
    marked = {m.id for m in catalog.measures() if (m.summary or "").startswith(ENCOURAGED_PREFIX)}
    assert marked == ENCOURAGED
    assert {m.id for m in catalog.measures() if m.nature == "encouraged"} == ENCOURAGED


def test_scope_notes_make_no_demands_of_their_own(catalog: Catalog) -> None:
    notes = [m for m in catalog.measures() if (m.summary or "").startswith(SCOPE_NOTE_PREFIX)]
    assert {"CR.M1.2.THIRD_PARTY", "CR.M1.5.EXC_REPEAT", "SS.C6.EXEMPTION"} <= {m.id for m in notes}
    assert all(m.level in ("rule", "appendix") and m.nature == "clarification" for m in notes)
    assert not any(MEASURE_LEVEL[m.chapter].match(m.id) for m in notes)


def test_references_in_notes_point_to_catalog_entries(catalog: Catalog) -> None:
    for entry in catalog:
        if not isinstance(entry, Measure | Clock) or not entry.note:
            continue
        for ref in REF_IN_TEXT.findall(entry.note):
            ref = ref.rstrip(".")
            assert ref in catalog, f"{entry.id} note mentions unknown {ref}"


# --- clocks --------------------------------------------------------------------------------------


def test_safety_security_clocks_have_the_reference_values(catalog: Catalog) -> None:
    clocks = _ss_clocks(catalog)
    assert set(clocks) == set(SS_CLOCKS) | set(SS_CLOCKS_WITHOUT_PERIOD)
    for clock_id, wording in SS_CLOCKS_WITHOUT_PERIOD.items():
        clock = clocks[clock_id]
        assert clock.earliest_of if wording == "earliest_of" else clock.no_fixed_period == wording
    for clock_id, (unit, value) in SS_CLOCKS.items():
        clock = clocks[clock_id]
        assert getattr(clock, unit) == value, clock_id
        assert clock.source == "COP"
        assert "Safety & Security chapter" in clock.citation


@pytest.mark.parametrize(("measure_id", "clock_and_days"), INCIDENT_CATEGORY_CLOCKS.items())
def test_incident_category_and_clock_agree(
    catalog: Catalog, measure_id: str, clock_and_days: tuple[str, int]
) -> None:
    clock_id, days = clock_and_days
    measure = catalog.typed(measure_id, Measure)
    assert clock_id in (measure.note or "")
    assert f"within {days} days" in measure.title
    assert catalog.clock(clock_id).days == days


def test_incident_initial_reports_escalate_with_severity(catalog: Catalog) -> None:
    days = [catalog.clock(c).days for c, _ in INCIDENT_CATEGORY_CLOCKS.values()]
    assert days == [2, 5, 10, 15]
    intermediate = catalog.clock("CLOCK.SS.incident_intermediate")
    assert intermediate.days == 28 and "4 weeks" in intermediate.title
    assert catalog.clock("CLOCK.SS.incident_final").days == 60


def test_day_unit_interpretation_is_flagged(catalog: Catalog) -> None:
    flagged = {c.id for c in _ss_clocks(catalog).values() if c.unconfirmed}
    assert flagged == CALENDAR_DAY_INTERPRETATION
    for clock_id in flagged:
        assert "SS.C9.M9.3.DAY_UNIT" in (catalog.clock(clock_id).note or "")


def test_business_day_clocks_say_so(catalog: Catalog) -> None:
    for clock in _ss_clocks(catalog).values():
        says = "business days" in clock.title
        assert says == (clock.id in BUSINESS_DAY_CLOCKS), clock.id
        assert (clock.business_days is not None) == says, clock.id


def test_every_code_clock_is_linked_from_a_measure(catalog: Catalog) -> None:
    mentioned = {
        ref.rstrip(".")
        for m in catalog.measures("safety_security")
        for ref in REF_IN_TEXT.findall(m.note or "")
        if ref.startswith("CLOCK.SS.")
    }
    assert mentioned == set(SS_CLOCKS) | set(SS_CLOCKS_WITHOUT_PERIOD)


def test_framework_confirmation_uses_the_earlier_of_two_clocks(catalog: Catalog) -> None:
    after = catalog.clock("CLOCK.SS.framework_confirm_after_notification")
    before = catalog.clock("CLOCK.SS.framework_confirm_before_placement")
    assert (after.days, before.days) == (28, 14)
    assert "Art. 52(1)" in after.anchor
    assert "before" in before.title and "placing the model on the market" in before.anchor


def test_copyright_chapter_fixes_no_period(catalog: Catalog) -> None:
    """Measure 1.5 says "reasonable time": the complaint clock is open-ended, and the only
    period is the portal's internal service level, gpaikit's own (DERIVED) default."""
    cited = [c for c in catalog.of_kind(Clock) if "Copyright chapter" in c.citation]
    assert {c.id for c in cited} == {"CLOCK.copyright_complaint", "CLOCK.complaint_service_level"}
    for clock in cited:
        assert clock.no_fixed_period == "within a reasonable time" or clock.source == "DERIVED"
    assert "not a Code requirement" in catalog.clock("CLOCK.complaint_service_level").title


# --- signatories ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def signatories(catalog: Catalog) -> dict[str, Signatory]:
    return {s.name: s for s in catalog.signatories()}


def test_signatory_names_and_aliases_are_unique(catalog: Catalog) -> None:
    names = [n.casefold() for s in catalog.signatories() for n in (s.name, *s.aliases)]
    assert len(names) == len(set(names))


def test_full_chapter_signatories_match_the_december_2025_list(
    signatories: dict[str, Signatory],
) -> None:
    signed = {name for name, s in signatories.items() if s.status == "signed"}
    assert signed == FULL_SIGNATORIES_DEC_2025
    assert len(signed) == 27
    for name in signed:
        assert set(signatories[name].chapters) == set(CHAPTERS), name


def test_xai_signed_only_safety_and_security(signatories: dict[str, Signatory]) -> None:
    xai = signatories["xAI"]
    assert xai.status == "partial"
    assert xai.chapters == ("safety_security",)
    assert [s.name for s in signatories.values() if s.status == "partial"] == ["xAI"]


def test_meta_declined(signatories: dict[str, Signatory]) -> None:
    meta = signatories["Meta"]
    assert meta.status == "declined"
    assert meta.chapters == ()
    assert [s.name for s in signatories.values() if s.status == "declined"] == ["Meta"]


def test_signatories_from_the_secondary_list_only_are_unconfirmed(
    signatories: dict[str, Signatory],
) -> None:
    unconfirmed = {name for name, s in signatories.items() if s.unconfirmed}
    assert unconfirmed == FULL_SIGNATORIES_DEC_2025 - NAMED_ON_INITIAL_LIST
    assert "LINAGORA" in unconfirmed


def test_signatory_entries_are_dated_and_sourced(catalog: Catalog) -> None:
    for s in catalog.signatories():
        assert s.source == "PRESS", s.id
        assert FIRST_LIST <= s.as_of <= REFERENCE_STATUS_DATE, s.id
        assert re.fullmatch(r"SIG\.[a-z0-9_]+", s.id), s.id
