"""Command-line interface. ``main`` is the console-script entry point."""

from gpaikit.cli._app import app


def main() -> None:
    """Run the `gpaikit` command."""
    app()


__all__ = ["app", "main"]
