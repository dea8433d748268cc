"""Benchmark of signing and verification (issue #14). One run prints every figure.

* **signing**: the time ``build --sign`` spends signing (planning each site's manifest,
  hashing every file of the four sites, signing four manifests), timed from inside the build,
  against the time of the whole build, on the frontier lab example; printed as the ratio
  *signing / build* (target: signing adds under a second);
* **verification**: the time ``gpaikit verify`` takes on the AI Office's site (about 45 files)
  against a bare baseline in the same run, SHA-256 of the same files read from disk; the first
  verification in the process (cold: the form specs are parsed) and the median of the next
  runs (warm) (target: under a second);
* the same for the whole build's OUT (four sites).

    python bench/verify.py [--runs 5] [--dir /tmp/gpaikit-bench-verify]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import shutil
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 28)


def _timed(fn: object, *args: object, **kwargs: object) -> float:
    started = time.perf_counter()
    fn(*args, **kwargs)  # type: ignore[operator]
    return time.perf_counter() - started


def _hash_files(root: Path) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            hashlib.sha256(path.read_bytes()).hexdigest()
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/gpaikit-bench-verify"))
    args = parser.parse_args()

    from gpaikit.dossier import VerifyOptions, build_site, verify_path
    from gpaikit.signing import generate_key

    work = args.dir
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    key = generate_key(work / "bench.key")
    ws = work / "ws"
    shutil.copytree(REPO / "examples" / "frontier-lab", ws)

    # -- signing: the build with --sign, timing its signing steps from inside -------------
    import gpaikit.dossier._build as build_module

    spent = [0.0]

    def timing(fn):  # type: ignore[no-untyped-def]
        def wrapper(*a, **k):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                spent[0] += time.perf_counter() - started

        return wrapper

    build_module.sign_site = timing(build_module.sign_site)  # type: ignore[attr-defined]
    build_module._site_models = timing(build_module._site_models)  # type: ignore[attr-defined]
    builds, signing = [], []
    for n in range(args.runs):
        spent[0] = 0.0
        builds.append(
            _timed(build_site, ws, work / f"signed{n}", as_of=AS_OF, record=False, sign=key)
        )
        signing.append(spent[0])
    build = statistics.median(builds)
    sign = statistics.median(signing)
    print(f"build --sign of the frontier lab (4 sites), median of {args.runs}: {build:.3f} s")
    print(f"of which signing (manifests, hashes, signatures): {sign * 1000:.1f} ms")
    print(f"ratio signing / build: {sign / build:.4f}  (target: signing adds < 1 s)")

    # -- verification ---------------------------------------------------------------------
    site = work / "signed0" / "ai_office"
    files = sum(1 for p in site.rglob("*") if p.is_file())
    options = VerifyOptions(keys=[key.public])
    cold = _timed(verify_path, site, options)
    warm = statistics.median(_timed(verify_path, site, options) for _ in range(args.runs))
    base = statistics.median(_timed(_hash_files, site) for _ in range(args.runs))
    (report,) = verify_path(site, options)
    assert report.check("signature").status == "pass"  # type: ignore[union-attr]
    print(
        f"verify ai_office/ ({files} files): cold {cold * 1000:.0f} ms, warm {warm * 1000:.1f} ms "
        f"(target: < 1 s)"
    )
    print(
        f"baseline sha256 of the same files: {base * 1000:.1f} ms; ratio verify(warm) / "
        f"baseline: {warm / base:.1f}"
    )
    fresh = (
        "import time,sys;t=time.perf_counter();"
        "from gpaikit.dossier import VerifyOptions, verify_path;"
        "from gpaikit.signing import load_public_key;"
        f"k=load_public_key({str(work / 'bench.key.pub')!r});"
        f"verify_path({str(site)!r}, VerifyOptions(keys=[k]));"
        "print(time.perf_counter()-t)"
    )
    import subprocess

    cold_lib = statistics.median(
        float(
            subprocess.run(
                [sys.executable, "-c", fresh], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(args.runs)
    )
    cli = statistics.median(
        _timed(
            subprocess.run,
            [
                str(Path(sys.executable).parent / "gpaikit"),
                "verify",
                str(site),
                "--key",
                str(work / "bench.key.pub"),
            ],
            capture_output=True,
            check=True,
        )
        for _ in range(args.runs)
    )
    print(
        f"verify ai_office/ in a fresh process: {cold_lib * 1000:.0f} ms with imports and the "
        f"form specs parsed; the whole CLI run (Python start-up included): {cli * 1000:.0f} ms"
    )
    whole = statistics.median(
        _timed(verify_path, work / "signed0", options) for _ in range(args.runs)
    )
    print(f"verify OUT/ (4 sites): {whole * 1000:.1f} ms")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
