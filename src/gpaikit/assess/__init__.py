"""The assessment engine: classification, obligations, deadlines and findings, as pure functions."""

from gpaikit.assess._classify import classify
from gpaikit.assess._engine import assess, assess_model, safety_anchors
from gpaikit.assess._model import (
    Assessment,
    Classification,
    ComputeFigure,
    DateFact,
    DocumentApplicability,
    DocumentEvidence,
    Fact,
    GpaiFact,
    KeyDates,
    MeasureFinding,
    ModelAssessment,
    ObligationResult,
    OpenSourceResult,
    Placement,
    Reason,
    RunCount,
    ThresholdWarning,
)

__all__ = [
    "Assessment",
    "Classification",
    "ComputeFigure",
    "DateFact",
    "DocumentApplicability",
    "DocumentEvidence",
    "Fact",
    "GpaiFact",
    "KeyDates",
    "MeasureFinding",
    "ModelAssessment",
    "ObligationResult",
    "OpenSourceResult",
    "Placement",
    "Reason",
    "RunCount",
    "ThresholdWarning",
    "assess",
    "assess_model",
    "classify",
    "safety_anchors",
]
