"""The assessment engine: classification, obligations, deadlines and findings, as pure functions."""

from gpaikit.assess._classify import classify
from gpaikit.assess._engine import assess, assess_model
from gpaikit.assess._model import (
    Assessment,
    Classification,
    ComputeFigure,
    Fact,
    MeasureFinding,
    ModelAssessment,
    ObligationResult,
    OpenSourceResult,
    Reason,
    ThresholdWarning,
)

__all__ = [
    "Assessment",
    "Classification",
    "ComputeFigure",
    "Fact",
    "MeasureFinding",
    "ModelAssessment",
    "ObligationResult",
    "OpenSourceResult",
    "Reason",
    "ThresholdWarning",
    "assess",
    "assess_model",
    "classify",
]
