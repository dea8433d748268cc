from __future__ import annotations

import pytest

from gpaikit.data import registrable_domain, select_top, size_range
from gpaikit.data._domains import required_count
from gpaikit.law import load_catalog


@pytest.mark.usefixtures("host_engine")
@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("www.example.com", "example.com"),
        ("WWW.Example.COM.", "example.com"),
        ("news.bbc.co.uk", "bbc.co.uk"),
        ("foo.blogspot.com", "blogspot.com"),  # ICANN section: blogspot.com is not a suffix
        ("a.b.github.io", "github.io"),
        ("localhost", "localhost"),
        ("192.168.1.20", "192.168.1.20"),
        ("co.uk", "co.uk"),
        ("[2001:db8::1]", "[2001:db8::1]"),
        ("x.y.ck", "x.y.ck"),  # wildcard *.ck
        ("a.www.ck", "www.ck"),  # exception !www.ck
        ("a.city.kobe.jp", "city.kobe.jp"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("www.xn--p1ai", "www.xn--p1ai"),  # punycoded IDN TLD (.рф): its encoded rule
        ("a.b.xn--p1ai", "b.xn--p1ai"),
        ("a.бүчер.рф", "бүчер.рф"),
    ],
)
def test_registrable_domain_uses_icann_section(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_required_count_is_an_exact_ceiling() -> None:
    assert required_count(30, 0.10) == 3  # 0.1 * 30 is 3.0000000000000004 in floats
    assert required_count(31, 0.10) == 4
    assert required_count(1, 0.10) == 1
    assert required_count(0, 0.10) == 0
    assert required_count(100_000, 0.05, cap=1000) == 1000
    assert required_count(100, 0.05, cap=1000) == 5


def ranked(volumes: list[int]) -> list[tuple[str, int]]:
    pairs = [(f"d{i:03d}.com", v) for i, v in enumerate(volumes)]
    return sorted(pairs, key=lambda p: (-p[1], p[0]))


def test_top_rule_without_ties() -> None:
    top = select_top(ranked(list(range(100, 0, -1))), 0.10, "x")
    assert top.required == 10
    assert [d for d, _ in top.listed] == [f"d{i:03d}.com" for i in range(10)]
    assert top.tie_extended == 0


def test_top_rule_keeps_every_domain_tied_at_the_cutoff() -> None:
    volumes = [50, 40, 30, 30, 30, 10, 10, 10, 10, 10, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    top = select_top(ranked(volumes), 0.10, "x")  # 20 domains: 2 required
    assert top.required == 2 and top.cutoff_volume == 40 and top.tie_extended == 0
    top = select_top(ranked(volumes), 0.15, "x")  # 3 required; 3rd has 30, tied with two more
    assert top.required == 3
    assert [v for _, v in top.listed] == [50, 40, 30, 30, 30]
    assert top.tie_extended == 2


def test_top_rule_ties_broken_by_name_in_ranking() -> None:
    top = select_top(ranked([7] * 10), 0.10, "x")
    assert top.required == 1 and len(top.listed) == 10  # all equal: all listed


def test_sme_variant_from_catalog_is_capped() -> None:
    catalog = load_catalog()
    fraction = catalog.value("TPL.domains.top_fraction_sme")
    cap = catalog.value("TPL.domains.top_cap_sme")
    assert (fraction, cap) == (0.05, 1000)
    assert catalog.get("TPL.domains.top_cap_sme").unconfirmed
    top = select_top(ranked(list(range(30_000, 0, -1))), fraction, "sme", cap=cap)
    assert top.required == 1000 and len(top.listed) == 1000


@pytest.mark.parametrize(
    ("modality", "value", "expected"),
    [
        ("text", 999_999_999, "Less than 1 billion tokens"),
        ("text", 1_000_000_000, "1 billion to 10 trillion tokens"),
        ("text", 10_000_000_000_000, "1 billion to 10 trillion tokens"),
        ("text", 10_000_000_000_001, "More than 10 trillion tokens"),
        ("image", 999_999, "Less than 1 million images"),
        ("image", 1_000_000_001, "More than 1 billion images"),
        ("audio", 10_000, "10,000 to 1 million hours"),
        ("video", 9_999.5, "Less than 10,000 hours"),
        ("other", 5, None),
        ("text", None, None),
    ],
)
def test_size_ranges_at_the_boundaries(modality: str, value: float | None, expected: str) -> None:
    assert size_range(modality, value) == expected
