"""gpaikit: EU AI Act and GPAI Code of Practice compliance as code."""

__version__ = "0.1.0"

__all__ = ["__version__"]
