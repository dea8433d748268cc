#!/usr/bin/env bash
# From a Hugging Face model folder and a crawl manifest to a complete, consistent dossier.
# The README walks through these steps; tests/test_walkthrough.py runs this script.
# Usage: PATH=$PWD/.venv/bin:$PATH scripts/walkthrough.sh OUT_DIR   (gpaikit and its python)
set -euo pipefail
OUT=${1:?usage: scripts/walkthrough.sh OUT_DIR}
HERE=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$OUT"
cd "$OUT"

# 1. A workspace from the model folder: config.json, the model card, the safetensors headers and
#    the cards of the datasets the model card names. Nothing typed yet.
gpaikit init lumen --from "$HERE/examples/hub/lumen-7b" --datasets "$HERE/examples/hub/datasets" \
    --provider "Lumen Labs SAS" --country FR --size sme

# 2. The crawl. `data sample` stands in for the real manifest; a text-only model keeps only the
#    text it was trained on, so the summary describes the training subset.
gpaikit data sample --rows 20000 --out crawl
python3 - <<'EOF'
import duckdb  # the embedded engine gpaikit's data jobs use
duckdb.sql("COPY (SELECT * FROM 'crawl/manifest.parquet' WHERE content_type LIKE 'text/%' "
           "OR content_type = 'application/pdf') TO 'crawl/text.parquet' (FORMAT parquet)")
EOF
gpaikit data summarize crawl/text.parquet --out lumen/artifacts/data-summary
gpaikit data audit crawl/text.parquet --robots crawl/robots.parquet --tdmrep crawl/tdmrep.parquet \
    --blocklist crawl/blocklist.txt --agent LumenBot --out lumen/artifacts/opt-out-audit

# 3. What only the provider knows: the TODO lines of gpaikit.yaml, then the answers no file
#    holds. Every line below is typed by a person (tests count them).
cd lumen
sed -i \
    -e 's|^  # contact_point: .*|  contact_point: {email: ai-act@lumen.example, url: https://lumen.example/ai-act}|' \
    -e 's|^    # release_date: .*|    release_date: 2026-02-02|' \
    -e 's|^    # eu_placement_date: .*|    eu_placement_date: 2026-02-02|' \
    -e 's|^        # tokens: .*|        tokens: 1.8e13|' \
    -e 's|^        # fleet: .*|        fleet: [{accelerator: H100, count: 512, hours: 1100, utilization: 0.38, pue: 1.2}]|' \
    -e 's|^    # distribution: .*|    distribution: [download, api]|' \
    -e 's|^    # crawlers: .*|    crawlers: [LumenBot]|' \
    gpaikit.yaml
sed -i '/^    answers: {}/d' gpaikit.yaml
cat >> gpaikit.yaml <<'EOF'
    publication: {weights: true, architecture: true, usage_information: true}
    inference_benchmark: {task: "generating 100,000 tokens", tokens: 1.0e5, hardware: one NVIDIA H100}
    published:
      training_summary: {url: https://lumen.example/ai-act/training-summary, date: 2026-02-02}
    answers:
      MDF.MP.02: Grouped-query and sliding-window attention keep inference memory low at a 32k context; the width and depth follow compute-optimal scaling for 1.8e13 tokens.
      MDF.US.01: https://lumen.example/acceptable-use
      MDF.TP.02: Data mix and learning-rate schedule chosen from ablations at 1e21 FLOP; instruction tuning last so it does not erode pre-training knowledge.
      MDF.DA.05: Web text in English, French, German, Spanish and Italian, educational pages and permissively licensed code; rights to reuse come from the datasets' licences and the opt-out audit of our crawl.
      MDF.DA.06: Language identification, deduplication, quality classifiers and removal of personal data.
      MDF.DA.07: Blocklists of unlawful sites, CSAM hash matching and a personal-data detector on every document.
      MDF.DA.08: Per-language representation audits and bias benchmarks on samples.
      TS.1.3.types: {text: "web pages, educational text, source code"}
      TS.1.3.ongoing: no
      TS.2.3.purpose: Collect publicly available web pages to train Lumen models.
      TS.2.3.behav: LumenBot reads robots.txt before every host, honours TDMRep, never logs in, never solves captchas and skips paywalled pages.
      TS.2.3.content: Public web pages in the five languages (news, encyclopaedias, forums and documentation).
      TS.3.1.measures: robots.txt (RFC 9309) and TDMRep honoured at crawl time; the opt-out audit of the crawl is in the dossier; public datasets used under their licences.
      TS.3.2.measures: Blocklists, keyword filters and classifiers for illegal content.
      CP.1.1.owner: The general counsel, with the head of data engineering.
      CP.1.2.tpm: LumenBot never logs in, never solves captchas and skips paywalled pages.
      CP.1.2.piracy: Domains on lists of infringing sites issued by EU courts and authorities are excluded at crawl time.
      CP.1.3.protocols: [robots_txt, tdmrep]
      CP.1.3.identification: robots.txt is fetched before each host and cached at most 24 hours; TDMRep files, headers and meta tags are read per page.
      CP.1.3.honouring: Reserved pages are not stored; every decision is logged with the robots.txt capture used, and the crawl is audited before training.
      CP.1.3.information_url: https://lumen.example/lumenbot
      CP.1.3.feed_url: https://lumen.example/lumenbot/feed.xml
      CP.1.4.safeguards: Output filters against verbatim reproduction of training content.
      CP.1.4.prohibition: https://lumen.example/acceptable-use
      CP.1.5.complaints: https://lumen.example/copyright
      CP.1.5.handling: The copyright desk answers within 30 days; manifestly unfounded or repeated complaints are closed with a note.
EOF
cd ..

# 4. Check and publish: every problem with file and line, the derivation figures, the dossier.
gpaikit docs validate lumen --as-of 2026-11-28 --stats
gpaikit build lumen --out site --as-of 2026-11-28
