"""Scenarios of fictional providers, with the facts the reference (ai-act-gpai.md) gives for them.

Each row is one provider and one model; the expected facts were written from the reference's
rules (§1-§6, §11), not from gpaikit's output. Keys left out of ``expect`` are not asserted.
``obligations`` is the set of obligations that apply (or may apply); every other catalog
obligation of a model with a provider must be listed as not applicable, with a reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from gpaikit.assess import ModelAssessment, assess
from gpaikit.law import Catalog
from gpaikit.workspace import Workspace

D = dt.date
AS_OF = D(2026, 11, 28)

BASE = {"OBL.copyright_policy", "OBL.training_summary", "OBL.cooperation"}
DOCS = {"OBL.technical_documentation", "OBL.downstream_information"}
REP = {"OBL.authorised_representative"}
ART55 = {
    "OBL.model_evaluation",
    "OBL.systemic_risk_management",
    "OBL.serious_incidents",
    "OBL.cybersecurity",
    "OBL.systemic_risk_documentation",
}
NOTIFY = {"OBL.systemic_risk_notification"}
ALL_FORMS = {"mdf", "copyright_policy", "training_summary"}
SS_FORMS = {
    "ss_framework",
    "ss_risk_register",
    "ss_model_report",
    "ss_incidents",
    "ss_incident_report",
}

TEXT = {"input": ["text"], "output": ["text"]}
CLOSED = {
    "name": "Proprietary terms",
    "access": False,
    "use": False,
    "modify": False,
    "distribute": False,
}
APACHE = {"name": "Apache-2.0", "access": True, "use": True, "modify": True, "distribute": True}
NOT_MONETISED = {
    "dual_licensing": False,
    "tied_paid_services": False,
    "mandatory_paid_support": False,
    "exclusive_paid_hosting": False,
    "personal_data_for_access": False,
}
PUBLIC = {"weights": True, "architecture": True, "usage_information": True}
OPEN = {"licence": APACHE, "monetisation": NOT_MONETISED, "publication": PUBLIC}


@dataclass(frozen=True)
class Scenario:
    label: str
    provider: dict[str, Any]
    model: dict[str, Any]
    expect: dict[str, Any]
    as_of: dt.date = AS_OF
    due: dict[str, dt.date | None] = field(default_factory=dict)
    dates: dict[str, dt.date | None] = field(default_factory=dict)
    owed: set[str] | None = None


def _provider(name: str, country: str = "FR", **extra: Any) -> dict[str, Any]:
    return {"legal_name": name, "country": country, **extra}


def _model(**facts: Any) -> dict[str, Any]:
    return {"name": "m", "modalities": TEXT, "licence": CLOSED, **facts}


NOT_IN_SCOPE: dict[str, Any] = {
    "in_scope": False,
    "role": "none",
    "systemic_risk": False,
    "notification_required": False,
    "open_source": "not_applicable",
    "legacy": False,
    "obligations": set(),
}
PROVIDER_53: dict[str, Any] = {
    "in_scope": True,
    "gpai": True,
    "role": "provider",
    "systemic_risk": False,
    "notification_required": False,
    "open_source": False,
    "legacy": False,
    "obligations": BASE | DOCS,
}


def _modifier(mod: float | None, base: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return _model(
        eu_placement_date=D(2026, 5, 1),
        role="modifier",
        base_model={"name": "Base-8B", "provider": "Base Labs", **base},
        modification_compute_flop=mod,
        **extra,
    )


SCENARIOS = [
    # --- is it a GPAI model? (Art. 3(63); GL §2.1) --------------------------------------------
    Scenario(
        "Aurora: 5e23 FLOP language model placed 2025-10-01, proprietary",
        _provider("Aurora Labs SAS"),
        _model(training_compute_flop=5e23, eu_placement_date=D(2025, 10, 1)),
        PROVIDER_53,
        due={"OBL.technical_documentation": D(2025, 10, 1)},
        dates={"fines_possible_from": D(2026, 8, 2), "compliance_due": D(2025, 10, 1)},
        owed=ALL_FORMS,
    ),
    Scenario(
        "Borealis: exactly 1e23 FLOP is not above the indicative criterion",
        _provider("Borealis AI GmbH", "DE"),
        _model(training_compute_flop=1e23, eu_placement_date=D(2025, 10, 1)),
        {**NOT_IN_SCOPE, "gpai": False},
        owed=set(),
    ),
    Scenario(
        "Cirrus: 2e25 FLOP image-to-image model fails the modality condition, so no systemic risk",
        _provider("Cirrus Imaging BV", "NL"),
        _model(
            training_compute_flop=2e25,
            modalities={"input": ["image"], "output": ["image"]},
            eu_placement_date=D(2026, 1, 5),
        ),
        {**NOT_IN_SCOPE, "gpai": False},
        owed=set(),
    ),
    Scenario(
        "Delta: 2e25 FLOP text model declared narrow is a rebuttable presumption, treated as narrow",
        _provider("Delta Speech Oy", "FI"),
        _model(
            training_compute_flop=2e25,
            generality="narrow",
            generality_reason="transcribes customer calls and does nothing else",
            eu_placement_date=D(2026, 1, 5),
        ),
        {**NOT_IN_SCOPE, "gpai": "rebuttable"},
    ),
    Scenario(
        "Ember: 5e22 FLOP model declared general is a rebuttable presumption, treated as GPAI",
        _provider("Ember Models SpA", "IT"),
        _model(
            training_compute_flop=5e22,
            generality="general",
            generality_reason="broad benchmark results across many distinct tasks",
            eu_placement_date=D(2026, 2, 1),
        ),
        {**PROVIDER_53, "gpai": "rebuttable"},
    ),
    Scenario(
        "Fjord: 5e22 FLOP language model below the criterion, nothing declared",
        _provider("Fjord Language AS", "NO"),
        _model(training_compute_flop=5e22, eu_placement_date=D(2026, 2, 1)),
        {**NOT_IN_SCOPE, "gpai": False},
    ),
    Scenario(
        "Gale: text-to-video model above 1e23 FLOP is presumed GPAI",
        _provider("Gale Video SL", "ES"),
        _model(
            training_compute_flop=3e23,
            modalities={"input": ["text"], "output": ["video"]},
            eu_placement_date=D(2026, 2, 1),
        ),
        PROVIDER_53,
    ),
    # --- research, placement, internal use (Art. 2(8), 3(9); Recital 97; GL §3.1) ----------
    Scenario(
        "Halo: 3e25 FLOP research-only model never placed is out of scope, not systemic",
        _provider("Halo Research Institute", "BE"),
        _model(training_compute_flop=3e25, research_only=True),
        {**NOT_IN_SCOPE, "gpai": False},
        owed=set(),
    ),
    Scenario(
        "Iris: research model later placed on 2026-06-01: the research exclusion has ended",
        _provider("Iris AI SRL", "RO"),
        _model(training_compute_flop=4e23, research_only=True, eu_placement_date=D(2026, 6, 1)),
        PROVIDER_53,
        due={"OBL.training_summary": D(2026, 6, 1)},
    ),
    Scenario(
        "Juniper: internal archive search, not essential to third parties, no rights affected",
        _provider("Juniper Insurance AG", "AT"),
        _model(
            training_compute_flop=4e23,
            internal_use={
                "since": D(2026, 1, 15),
                "essential_to_third_party_services": False,
                "affects_natural_persons_rights": False,
            },
        ),
        {**NOT_IN_SCOPE, "gpai": True},
        owed=set(),
    ),
    Scenario(
        "Kestrel: internal claims triage affects natural persons' rights: placed when first used",
        _provider("Kestrel Assurances SA", "LU"),
        _model(
            training_compute_flop=4e23,
            internal_use={
                "since": D(2026, 3, 1),
                "essential_to_third_party_services": False,
                "affects_natural_persons_rights": True,
            },
        ),
        PROVIDER_53,
        due={"OBL.copyright_policy": D(2026, 3, 1)},
        dates={"placement": D(2026, 3, 1)},
    ),
    Scenario(
        "Lumen: internal use essential to a service for third parties since 2025-06-01: legacy",
        _provider("Lumen Logistics BV", "NL"),
        _model(
            training_compute_flop=4e23,
            internal_use={
                "since": D(2025, 6, 1),
                "essential_to_third_party_services": True,
                "affects_natural_persons_rights": False,
            },
        ),
        {**PROVIDER_53, "legacy": True},
        due={"OBL.technical_documentation": D(2027, 8, 2)},
        dates={"fines_possible_from": D(2027, 8, 2)},
    ),
    Scenario(
        "Meridian: internal-only use never exempts a model with systemic risk",
        _provider("Meridian Frontier SE", "IE"),
        _model(
            cumulative_compute_flop=2e25,
            training_compute_flop=1.9e25,
            internal_use={
                "since": D(2026, 2, 1),
                "essential_to_third_party_services": False,
                "affects_natural_persons_rights": False,
            },
            systemic_risk={"threshold_exceeded_on": D(2025, 12, 1)},
        ),
        {
            "in_scope": True,
            "gpai": True,
            "role": "provider",
            "systemic_risk": True,
            "notification_required": True,
            "open_source": False,
            "legacy": False,
            "obligations": BASE | DOCS | ART55 | NOTIFY,
        },
        due={"OBL.systemic_risk_notification": D(2025, 12, 15), "OBL.cybersecurity": D(2026, 2, 1)},
        dates={"placement": D(2026, 2, 1), "framework_confirmation_due": D(2026, 1, 12)},
    ),
    Scenario(
        "Nimbus: internal use whose business role is not declared leaves scope unknown",
        _provider("Nimbus Data SARL"),
        _model(training_compute_flop=4e23, internal_use={"since": D(2026, 1, 1)}),
        {"in_scope": None, "gpai": True, "role": "unknown", "legacy": None},
    ),
    Scenario(
        "Orion: supplied outside the Union with EU distribution clearly excluded",
        _provider("Orion Models Ltd", "GB"),
        _model(training_compute_flop=4e23, eu_distribution_excluded=True),
        {**NOT_IN_SCOPE, "gpai": True},
    ),
    Scenario(
        "Pulsar: no placement date and no internal use declared",
        _provider("Pulsar AI sp. z o.o.", "PL"),
        _model(training_compute_flop=4e23),
        {"in_scope": None, "gpai": True, "role": "unknown", "legacy": None},
    ),
    # --- dates of application (Art. 111(3), 113) ----------------------------------------------
    Scenario(
        "Quasar: placement planned for 2027-03-01",
        _provider("Quasar Labs ApS", "DK"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2027, 3, 1)),
        PROVIDER_53,
        due={"OBL.training_summary": D(2027, 3, 1)},
        dates={"fines_possible_from": D(2027, 3, 1)},
    ),
    Scenario(
        "Rhea: placed 2025-08-01, the day before Chapter V applied: legacy",
        _provider("Rhea Systems Kft", "HU"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2025, 8, 1)),
        {**PROVIDER_53, "legacy": True},
        due={"OBL.copyright_policy": D(2027, 8, 2)},
    ),
    Scenario(
        "Sol: placed 2025-08-02, the day Chapter V applied: comply on placement",
        _provider("Sol Intelligence OU", "EE"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2025, 8, 2)),
        PROVIDER_53,
        due={"OBL.copyright_policy": D(2025, 8, 2)},
    ),
    # --- third country and open source (Arts 53(2), 54) ----------------------------------------
    Scenario(
        "Tundra: US provider, proprietary model placed 2026-03-01",
        _provider("Tundra AI Inc.", "US"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2026, 3, 1)),
        {**PROVIDER_53, "obligations": BASE | DOCS | REP},
        due={"OBL.authorised_representative": D(2026, 2, 28)},
        dates={
            "representative_due": D(2026, 2, 28),
            "representative_retention_until": D(2036, 3, 1),
            "fines_possible_from": D(2026, 8, 2),
        },
    ),
    Scenario(
        "Umbra: US provider, qualifying open-source model: no representative, no MDF",
        _provider("Umbra Open Models Inc.", "US"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2026, 3, 1), **OPEN),
        {**PROVIDER_53, "open_source": True, "obligations": BASE},
        dates={"representative_due": None},
        owed={"copyright_policy", "training_summary"},
    ),
    Scenario(
        "Vega: EU open-source model under Apache-2.0",
        _provider("Vega Collective e.V.", "DE"),
        _model(training_compute_flop=4e23, eu_placement_date=D(2026, 3, 1), **OPEN),
        {**PROVIDER_53, "open_source": True, "obligations": BASE},
        owed={"copyright_policy", "training_summary"},
    ),
    Scenario(
        "Wren: open weights above 10^25 FLOP: the exemption is never available",
        _provider("Wren Open AI Inc.", "US"),
        _model(
            training_compute_flop=2e25,
            eu_placement_date=D(2026, 3, 1),
            systemic_risk={"threshold_exceeded_on": D(2026, 1, 10), "notified_on": D(2026, 1, 20)},
            **OPEN,
        ),
        {
            "in_scope": True,
            "role": "provider",
            "systemic_risk": True,
            "notification_required": True,
            "open_source": False,
            "obligations": BASE | DOCS | REP | ART55 | NOTIFY,
        },
        due={"OBL.systemic_risk_notification": D(2026, 1, 24)},
        dates={"framework_confirmation_due": D(2026, 2, 15)},
        owed=ALL_FORMS | SS_FORMS,
    ),
    Scenario(
        "Xenon: non-commercial licence fails the exemption",
        _provider("Xenon Research SAS"),
        _model(
            training_compute_flop=4e23,
            eu_placement_date=D(2026, 3, 1),
            **{**OPEN, "licence": {**APACHE, "restrictions": ["non_commercial"]}},
        ),
        {**PROVIDER_53, "open_source": False},
    ),
    Scenario(
        "Yarrow: open licence but monetisation not declared: exemption undecided",
        _provider("Yarrow Labs SA", "BE"),
        _model(
            training_compute_flop=4e23,
            eu_placement_date=D(2026, 3, 1),
            licence=APACHE,
            publication=PUBLIC,
        ),
        {**PROVIDER_53, "open_source": None, "obligations": BASE | DOCS},
    ),
    # --- systemic risk (Arts 51, 52; GL §2.3; Annex A.1) ---------------------------------------
    Scenario(
        "Zenith: just above 10^25, foreseen before Chapter V applied, exceeded after",
        _provider("Zenith Frontier SAS"),
        _model(
            training_compute_flop=1.00000001e25,
            eu_placement_date=D(2026, 1, 10),
            systemic_risk={
                "threshold_foreseen_on": D(2025, 6, 1),
                "threshold_exceeded_on": D(2025, 10, 1),
            },
        ),
        {
            "in_scope": True,
            "role": "provider",
            "systemic_risk": True,
            "notification_required": True,
            "open_source": False,
            "obligations": BASE | DOCS | ART55 | NOTIFY,
        },
        due={
            "OBL.systemic_risk_notification": D(2025, 8, 16),
            "OBL.model_evaluation": D(2026, 1, 10),
        },
        dates={"systemic_risk_since": D(2025, 10, 1), "framework_confirmation_due": D(2025, 9, 13)},
    ),
    Scenario(
        "Atlas: cumulative compute exactly 10^25 is not above",
        _provider("Atlas Compute GmbH", "DE"),
        _model(training_compute_flop=1e25, eu_placement_date=D(2026, 1, 10)),
        PROVIDER_53,
    ),
    Scenario(
        "Beacon: 9e24 training plus non-public synthetic data crosses 10^25 cumulative",
        _provider("Beacon AI Oy", "FI"),
        _model(
            eu_placement_date=D(2026, 1, 10),
            training_runs=[
                {"name": "pre-training", "kind": "pre_training", "flop": 9e24},
                {"name": "reasoning traces", "kind": "synthetic_data_generation", "flop": 2e24},
            ],
        ),
        {"gpai": True, "systemic_risk": True, "notification_required": True},
    ),
    Scenario(
        "Cobalt: 9e24 training plus publicly accessible synthetic data, left out",
        _provider("Cobalt Models SL", "ES"),
        _model(
            eu_placement_date=D(2026, 1, 10),
            training_runs=[
                {"name": "pre-training", "kind": "pre_training", "flop": 9e24},
                {
                    "name": "published synthetic corpus",
                    "kind": "synthetic_data_generation",
                    "flop": 2e24,
                    "publicly_accessible_output": True,
                },
            ],
        ),
        PROVIDER_53,
    ),
    Scenario(
        "Dune: 9e24 training plus 2e24 of evaluations and a reward model, both left out",
        _provider("Dune Intelligence SA", "PT"),
        _model(
            eu_placement_date=D(2026, 1, 10),
            training_runs=[
                {"name": "pre-training", "kind": "pre_training", "flop": 9e24},
                {"name": "evals", "kind": "evaluation", "flop": 2e24},
                {"name": "reward model", "kind": "auxiliary_model_training", "flop": 3e24},
            ],
        ),
        PROVIDER_53,
    ),
    Scenario(
        "Eclipse: the same evaluations counted on request (excluded: false) cross 10^25",
        _provider("Eclipse AI SA", "PT"),
        _model(
            eu_placement_date=D(2026, 1, 10),
            training_runs=[
                {"name": "pre-training", "kind": "pre_training", "flop": 9e24},
                {"name": "evals", "kind": "evaluation", "flop": 2e24, "excluded": False},
            ],
        ),
        {"gpai": True, "systemic_risk": True, "notification_required": True},
    ),
    Scenario(
        "Flux: threshold foreseen on 2026-10-01 for a run still planned; placement 2027-06-01",
        _provider("Flux Labs SAS"),
        _model(
            cumulative_compute_flop=3e25,
            training_compute_flop=2.9e25,
            eu_placement_date=D(2027, 6, 1),
            systemic_risk={"threshold_foreseen_on": D(2026, 10, 1)},
        ),
        {"in_scope": True, "systemic_risk": True, "notification_required": True},
        due={
            "OBL.systemic_risk_notification": D(2026, 10, 15),
            "OBL.serious_incidents": D(2027, 6, 1),
        },
        dates={"framework_confirmation_due": D(2026, 11, 12), "systemic_risk_since": None},
    ),
    Scenario(
        "Garnet: rebuttal accepted on 2026-05-01: Art. 55 ends, the notification stays",
        _provider("Garnet AI BV", "NL"),
        _model(
            training_compute_flop=1.5e25,
            eu_placement_date=D(2025, 11, 1),
            systemic_risk={
                "threshold_exceeded_on": D(2025, 9, 1),
                "notified_on": D(2025, 9, 10),
                "rebuttal": "accepted",
                "rebuttal_decided_on": D(2026, 5, 1),
            },
        ),
        {
            "systemic_risk": False,
            "notification_required": True,
            "obligations": BASE | DOCS | NOTIFY,
        },
        dates={"systemic_risk_until": D(2026, 5, 1)},
    ),
    Scenario(
        "Helix: rebuttal rejected; the condition was met after placement",
        _provider("Helix Models GmbH", "DE"),
        _model(
            training_compute_flop=1.5e25,
            eu_placement_date=D(2025, 9, 1),
            systemic_risk={
                "threshold_exceeded_on": D(2025, 11, 1),
                "rebuttal": "rejected",
                "rebuttal_decided_on": D(2026, 5, 1),
            },
        ),
        {"systemic_risk": True, "obligations": BASE | DOCS | ART55 | NOTIFY},
        due={
            "OBL.model_evaluation": D(2025, 11, 1),
            "OBL.systemic_risk_notification": D(2025, 11, 15),
        },
    ),
    Scenario(
        "Indigo: rebuttal pending does not suspend the obligations",
        _provider("Indigo AI SpA", "IT"),
        _model(
            training_compute_flop=1.5e25,
            eu_placement_date=D(2026, 2, 1),
            systemic_risk={"threshold_exceeded_on": D(2025, 12, 1), "rebuttal": "pending"},
        ),
        {"systemic_risk": True, "obligations": BASE | DOCS | ART55 | NOTIFY},
    ),
    Scenario(
        "Jade: designated on Annex XIII criteria below 10^25: no notification duty",
        _provider("Jade Systems SAS"),
        _model(
            training_compute_flop=5e24,
            eu_placement_date=D(2025, 9, 1),
            systemic_risk={"designated_on": D(2026, 4, 1), "designation_basis": "annex_xiii"},
        ),
        {"systemic_risk": True, "notification_required": False, "obligations": BASE | DOCS | ART55},
        due={"OBL.cybersecurity": D(2026, 4, 1)},
        dates={"systemic_risk_since": D(2026, 4, 1), "reassessment_possible_from": D(2026, 10, 1)},
    ),
    Scenario(
        "Krypton: designated for failure to notify, designation maintained on 2027-03-15",
        _provider("Krypton AI Ltd", "MT"),
        _model(
            training_compute_flop=2e25,
            eu_placement_date=D(2025, 9, 1),
            systemic_risk={
                "threshold_exceeded_on": D(2025, 10, 1),
                "designated_on": D(2026, 9, 1),
                "designation_basis": "failure_to_notify",
                "designation_maintained_on": D(2027, 3, 15),
            },
        ),
        {"systemic_risk": True, "notification_required": True},
        as_of=D(2027, 6, 1),
        due={"OBL.model_evaluation": D(2025, 10, 1)},
        dates={"systemic_risk_since": D(2025, 10, 1), "reassessment_possible_from": D(2027, 9, 15)},
    ),
    Scenario(
        "Lyra: legacy model with systemic risk placed 2024-06-01",
        _provider("Lyra Foundation Models SA", "BE"),
        _model(
            training_compute_flop=3e25,
            eu_placement_date=D(2024, 6, 1),
            systemic_risk={"threshold_exceeded_on": D(2024, 3, 1)},
        ),
        {"legacy": True, "systemic_risk": True, "obligations": BASE | DOCS | ART55 | NOTIFY},
        due={"OBL.model_evaluation": D(2027, 8, 2), "OBL.copyright_policy": D(2027, 8, 2)},
        dates={"fines_possible_from": D(2027, 8, 2)},
    ),
    # --- downstream modifiers (GL §3.2; Recital 109) -------------------------------------------
    Scenario(
        "Magpie: fine-tune below one third of the original: not the provider, owes nothing",
        _provider("Magpie Legal AI S.r.l.", "IT"),
        _modifier(3e20, {"training_compute_flop": 1.2e24}),
        {**NOT_IN_SCOPE, "gpai": True, "role": "modifier_not_provider"},
        dates={"fines_possible_from": None},
        owed=set(),
    ),
    Scenario(
        "Nova: continued pre-training above one third of the original: provider of the change",
        _provider("Nova Iberia SL", "ES"),
        _modifier(7.4e22, {"training_compute_flop": 1.6e23}),
        {**PROVIDER_53, "role": "modifier_provider"},
        owed=ALL_FORMS,
    ),
    Scenario(
        "Opal: original compute unknown, no systemic risk: above the 10^23/3 fallback",
        _provider("Opal Tuning GmbH", "DE"),
        _modifier(3.4e22, {}),
        {**PROVIDER_53, "role": "modifier_provider"},
    ),
    Scenario(
        "Pike: original compute unknown, exactly at the 10^23/3 fallback: not the provider",
        _provider("Pike Adapters BV", "NL"),
        _modifier(1e23 / 3, {}),
        {**NOT_IN_SCOPE, "gpai": True, "role": "modifier_not_provider"},
    ),
    Scenario(
        "Quill: 5e24 modification of a model declared without systemic risk, compute unknown",
        _provider("Quill Models SAS"),
        _modifier(5e24, {"systemic_risk": False}),
        {**PROVIDER_53, "role": "modifier_provider", "systemic_risk": False},
    ),
    Scenario(
        "Raven: above the 10^25/3 fallback of an original with systemic risk",
        _provider("Raven Alignment Ltd", "IE"),
        _modifier(
            3.4e24, {"systemic_risk": True}, systemic_risk={"threshold_exceeded_on": D(2026, 4, 1)}
        ),
        {
            "in_scope": True,
            "role": "modifier_provider",
            "systemic_risk": True,
            "notification_required": True,
            "obligations": BASE | DOCS | ART55 | NOTIFY,
        },
        due={"OBL.systemic_risk_notification": D(2026, 4, 15)},
    ),
    Scenario(
        "Sable: below the 10^25/3 fallback of an original with systemic risk: not the provider",
        _provider("Sable Fine-Tuning Oy", "FI"),
        _modifier(3.3e24, {"systemic_risk": True}),
        {"in_scope": False, "role": "modifier_not_provider", "obligations": set()},
    ),
    Scenario(
        "Talon: base cumulative compute declared; base plus modification exceed 10^25",
        _provider("Talon AI SA", "LU"),
        _modifier(
            4e24,
            {"training_compute_flop": 9e24, "cumulative_compute_flop": 9.5e24},
            systemic_risk={"threshold_exceeded_on": D(2026, 4, 10)},
        ),
        {"role": "modifier_provider", "systemic_risk": True, "notification_required": True},
    ),
    Scenario(
        "Umber: modification compute unknown: role undecided",
        _provider("Umber Labs SRL", "RO"),
        _modifier(None, {"training_compute_flop": 1.2e24}),
        {"role": "unknown", "in_scope": None},
    ),
]


def _cited(node: Any) -> set[str]:
    """Every catalog ID cited anywhere in a dumped assessment."""
    if isinstance(node, dict):
        found = set(node.get("citations") or ()) if "citations" in node else set()
        return found.union(*(_cited(v) for v in node.values()))
    if isinstance(node, list | tuple):
        return set().union(*(_cited(v) for v in node))
    return set()


def _facts(m: ModelAssessment) -> dict[str, Any]:
    c = m.classification
    return {
        "in_scope": c.in_scope.value,
        "gpai": c.gpai.value,
        "role": c.role,
        "systemic_risk": c.systemic_risk.value,
        "notification_required": c.notification_required.value,
        "open_source": c.open_source.holds,
        "legacy": c.legacy.value,
        "obligations": {o.id for o in m.obligations if o.applies is not False},
    }


def test_the_table_is_large_and_distinct() -> None:
    assert len(SCENARIOS) >= 30
    assert len({s.label.split(":")[0] for s in SCENARIOS}) == len(SCENARIOS)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.label.split(":")[0] for s in SCENARIOS])
def test_scenario(scenario: Scenario, catalog: Catalog) -> None:
    ws = Workspace.model_validate({"provider": scenario.provider, "models": [scenario.model]})
    m = assess(ws, as_of=scenario.as_of, catalog=catalog).models[0]
    facts = _facts(m)
    assert {k: facts[k] for k in scenario.expect} == scenario.expect
    for obligation, due in scenario.due.items():
        found = next(o for o in m.obligations if o.id == obligation)
        assert found.due_date == due, obligation
    for name, date in scenario.dates.items():
        fact = getattr(m.dates, name)
        assert (fact.date if fact else None) == date, name
    if scenario.owed is not None:
        assert {d.form for d in m.documents if d.required} == scenario.owed
    # every reason cites the catalog; every obligation that does not apply says why
    for reason in (m.summary, *m.classification.in_scope.reasons, *m.classification.role_reasons):
        assert reason.citations
    assert _cited(m.model_dump()) <= set(catalog.entries), _cited(m.model_dump()) - set(
        catalog.entries
    )
    for o in m.obligations:
        if o.applies is False:
            assert o.status == "not_applicable" and o.reasons
    if m.classification.role in ("none", "modifier_not_provider"):
        assert m.obligations == () and m.summary.text.startswith("No obligations under Arts 53–55")
