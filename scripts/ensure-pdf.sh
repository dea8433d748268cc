#!/usr/bin/env sh
# Make PDF output work: WeasyPrint (the `pdf` extra, installed by pip) needs Pango and
# HarfBuzz from the system, and fonts that cover every official EU language (Latin with all
# accents, Maltese ċ ġ ħ ż, Romanian ș ț, Greek, Bulgarian Cyrillic): DejaVu Sans does.
# Idempotent: does nothing when both are there; installs them with apt when run as root;
# otherwise says what to install (PDF tests then fail with the same message).
# Usage: sh scripts/ensure-pdf.sh [python]   (the virtualenv's python, default python3)
set -eu
PY="${1:-python3}"
PACKAGES="libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core"

have_pango() { "$PY" -c "import weasyprint" >/dev/null 2>&1; }
have_fonts() { fc-match -f '%{family}' 'DejaVu Sans' 2>/dev/null | grep -q 'DejaVu Sans'; }

if have_pango && have_fonts; then
    echo "ensure-pdf: Pango and DejaVu Sans present"
    exit 0
fi
if ! "$PY" -c "import importlib.util, sys; sys.exit(importlib.util.find_spec('weasyprint') is None)" 2>/dev/null; then
    echo "ensure-pdf: skipped - WeasyPrint is not installed (pip install 'gpaikit[pdf]')"
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-pdf: WARNING - PDF output needs Pango and DejaVu fonts; install: $PACKAGES"
    exit 0
fi
echo "ensure-pdf: installing $PACKAGES with apt-get"
# shellcheck disable=SC2086
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $PACKAGES >/dev/null; }; then
    echo "ensure-pdf: WARNING - apt-get could not install $PACKAGES; PDF output will fail"
    exit 0
fi
if have_pango && have_fonts; then
    echo "ensure-pdf: Pango and DejaVu Sans installed"
else
    echo "ensure-pdf: WARNING - installed $PACKAGES, but WeasyPrint or DejaVu Sans still fails"
fi
