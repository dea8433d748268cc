"""The native host core (``gpaikit-native``: ``url``, ``host``, ``psl``) against the Python
reference (``gpaikit._hosts`` and the ``publicsuffixlist`` package), on a million generated
URLs and the hosts, raw hosts and registrable domains they contain: zero disagreements.

The generator is seeded and hostile on purpose: schemes in every case and broken ones,
credentials with ``@`` and ``:``, ports (Unicode digits too), IPv4 in every wrong spelling,
IPv6 (compressed, uppercase, zones, IPv4 parts, broken), IDN (German, Japanese, Arabic,
final sigma, sharp s, joiners, combining marks, full-width dots, emoji), punycode (valid,
broken, upper-case ``XN--``), labels of 63 and 64 octets, hosts of 253 and 254, markup,
controls, NULs, lone surrogates, and hosts built from every rule of the Public Suffix List
(wildcards and exceptions included).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import pytest

from gpaikit import _hosts
from gpaikit._hosts import (
    UrlPolicy,
    check_host_reference,
    redact_url_reference,
    url_host_reference,
)
from gpaikit.data import _domains
from gpaikit.data._domains import registrable_domain_reference

pytestmark = pytest.mark.skipif(
    _hosts.native is None, reason="gpaikit-native is not installed (pip install 'gpaikit[fast]')"
)

SEED = 20261204
CASES = 1_000_000

LETTERS = "abcdefghijklmnopqrstuvwxyz"
UNICODE_LABELS = [
    "bücher",
    "BÜCHER",
    "faß",
    "例え",
    "テスト",
    "пример",
    "παράδειγμα",
    "ς",
    "σ",
    "مثال",
    "דוגמה",
    "a\u200db",
    "a\u200cb",
    "e\u0301",
    "\u0301e",
    "ａｂｃ",
    "①",
    "😀",
    "ǅ",
    "İstanbul",
    "straße",
    "x\u00adx",
    "\u3002",
    "a\uff0eb",
    "ｘｎ--bcher-kva",
]
PUNY = [
    "xn--bcher-kva",
    "XN--BCHER-KVA",
    "xn--",
    "xn--a",
    "xn--zz",
    "xn--r8jz45g",
    "xn--fa-hia",
    "xn--nxasmq6b",
    "xn--80akhbyknj4f",
    "xn--ls8h",
    "xn---",
    "xn--bcher-kva-",
]
GARBAGE = [*"<>\"' %\t\n\x00\x7f@:[]/?#\\`{}|^*!$&()+,;=~", "\udcff", "\ud800", "\x1b"]


def _tlds() -> list[str]:
    from publicsuffixlist import PublicSuffixList

    return sorted(PublicSuffixList(only_icann=True)._publicsuffix)


def _label(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        size = rng.choice([1, 2, 3, 5, 8, 12, 62, 63, 64])
        body = "".join(rng.choice(LETTERS + "0123456789-_") for _ in range(size))
        return body if rng.random() < 0.5 else body.strip("-") or "a"
    if roll < 0.75:
        return rng.choice(UNICODE_LABELS)
    if roll < 0.85:
        return rng.choice(PUNY)
    if roll < 0.9:
        return str(rng.choice([0, 1, 7, 255, 256, 999, 12345]))
    return "".join(rng.choice(GARBAGE + list(LETTERS)) for _ in range(rng.randint(0, 6)))


def _case(rng: random.Random, text: str) -> str:
    if rng.random() < 0.8:
        return text
    return "".join(c.upper() if rng.random() < 0.5 else c for c in text)


def _ipv4(rng: random.Random) -> str:
    parts = [str(rng.choice([0, 1, 9, 10, 127, 192, 255, 256, 300])) for _ in range(4)]
    roll = rng.random()
    if roll < 0.1:
        parts[rng.randrange(4)] = "0" + parts[0]
    elif roll < 0.2:
        parts = parts[: rng.choice([1, 2, 3])]
    elif roll < 0.25:
        parts.append("1")
    elif roll < 0.3:
        parts[0] = "0x7f"
    return ".".join(parts)


def _ipv6(rng: random.Random) -> str:
    hextets = [rng.choice(["0", "0", "1", "db8", "ffff", "FFFF", "2001", "abcd", "12345", "g"])]
    hextets += [rng.choice(["0", "0", "0", "1", "a", "FfFf", "00000"]) for _ in range(7)]
    n = rng.choice([8, 8, 8, 7, 9, 3])
    text = ":".join(hextets[:n])
    roll = rng.random()
    if roll < 0.3:
        text = text.replace(":0:0:", "::", 1)
    elif roll < 0.4:
        text = "::" + rng.choice(["1", "ffff:1.2.3.4", "ffff:102:304", "", "1:2"])
    elif roll < 0.45:
        text = text + "%eth0"
    elif roll < 0.5:
        text = "1::2::3"
    elif roll < 0.55:
        text = text.rsplit(":", 2)[0] + ":192.0.2.1"
    bracketed = "[" + text + "]"
    roll = rng.random()
    if roll < 0.05:
        return bracketed[:-1]
    if roll < 0.08:
        return text
    return bracketed


def host_strings(rng: random.Random, tlds: list[str]) -> Iterator[str]:
    """Hosts of every kind, forever."""
    while True:
        roll = rng.random()
        if roll < 0.45:
            rule = rng.choice(tlds).lstrip("!")
            rule = rule.replace("*", _label(rng) if rng.random() < 0.3 else "w", 1)
            labels = [
                _label(rng) if rng.random() < 0.3 else "site" for _ in range(rng.randint(0, 3))
            ]
            host = ".".join([*labels, rule])
        elif roll < 0.6:
            host = ".".join(_label(rng) for _ in range(rng.randint(1, 5)))
        elif roll < 0.7:
            host = _ipv4(rng)
        elif roll < 0.8:
            host = _ipv6(rng)
        elif roll < 0.85:
            host = ".".join(["a" * 63] * rng.choice([3, 4]) + ["com"])[
                : rng.choice([253, 254, 300])
            ]
        else:
            host = "".join(
                rng.choice(GARBAGE + list(LETTERS) + UNICODE_LABELS)
                for _ in range(rng.randint(0, 12))
            )
        host = _case(rng, host)
        if rng.random() < 0.1:
            host += rng.choice([".", "..", " ", "\t"])
        if rng.random() < 0.03:
            host = rng.choice([" ", "\x1c", "\n"]) + host
        yield host


SCHEMES = ["http://", "https://"] * 6 + [
    "HTTPS://",
    "hTtP://",
    "ftp://",
    "http:/",
    "",
    "//",
    "mailto:",
    "http:",
    "https:///",
    "h ttp://",
    "git+ssh://",
]
USERS = [""] * 12 + ["user@", "u:p@", "@", "a@b@", "us%40er:pw@", "x/y@", "ü@"]
PORTS = ["", "", "", ":80", ":", ":8443", ":65536", ":123456", ":８０", ":²", ":x", ":0"]
PATHS = [
    "",
    "/",
    "/a",
    "/a b",
    "/ä/ö?x=1#f",
    "?q",
    "#frag",
    "/%2F/..",
    "/<x>",
    "/\x00",
    "/a?b#c?d",
    "/\udcff",
    "/" + "x" * 300,
    "//",
    "/a#b#c",
]


def urls(rng: random.Random, count: int, pool: int) -> list[str]:
    """``count`` URLs over ``pool`` generated hosts, with every kind of scheme, user
    information, port and path around them."""
    hosts = host_strings(rng, _tlds())
    names = [next(hosts) for _ in range(pool)]
    parts = [rng.choices(options, k=count) for options in (SCHEMES, USERS, names, PORTS, PATHS)]
    return ["".join(p) for p in zip(*parts, strict=True)]


def compare(
    name: str,
    items: list[str],
    native: Callable[[list[str]], list[object]],
    reference: Callable[[str], object],
) -> None:
    def run(fn: Callable[[], object]) -> object:
        try:
            return fn()
        except Exception as exc:  # both engines must fail alike (lone surrogates in quote)
            return type(exc)

    got = native(items)
    wrong = []
    for item, answer in zip(items, got, strict=True):
        expected = run(lambda item=item: reference(item))
        if answer != expected:
            wrong.append((item, answer, expected))
    assert not wrong, f"{name}: {len(wrong)} disagreements, first: {wrong[:5]}"


def _each(fn: Callable[[str], object]) -> Callable[[list[str]], list[object]]:
    def run(items: list[str]) -> list[object]:
        out: list[object] = []
        for item in items:
            try:
                out.append(fn(item))
            except Exception as exc:
                out.append(type(exc))
        return out

    return run


@pytest.mark.slow
def test_a_million_generated_urls_agree_with_the_reference() -> None:
    items = urls(random.Random(SEED), CASES, 150_000)
    compare(
        "url_host", items, _each(lambda u: _hosts.url_host(u, engine="native")), url_host_reference
    )
    raws = sorted({url_host_reference(u) for u in items} | set(items[:50_000]))
    compare(
        "check_host", raws, lambda r: _hosts.check_hosts(r, engine="native"), check_host_reference
    )
    valid = sorted({h for h in (check_host_reference(r).host for r in raws) if h})
    assert len(valid) > 40_000
    domains = [*valid, *raws]
    compare(
        "registrable_domain",
        domains,
        lambda d: _domains.registrable_domains(d, engine="native"),
        registrable_domain_reference,
    )
    for policy in (UrlPolicy(), UrlPolicy(False, False, False), UrlPolicy(True, False, True)):
        sample = items[:: 4 if policy == UrlPolicy() else 11]
        compare(
            f"redact_url {policy}",
            sample,
            _each(lambda u, p=policy: _hosts.redact_url(u, p, engine="native")),
            lambda u, p=policy: redact_url_reference(u, p),
        )


def test_the_job_pipeline_agrees_on_url_keys() -> None:
    """``hosts_and_domains`` (one native call per batch of keys, as the jobs use it)."""
    keys = urls(random.Random(SEED + 1), 100_000, 20_000)
    native = _domains.hosts_and_domains(keys, engine="native")
    python = _domains.hosts_and_domains(keys, engine="python")
    assert native == python
    after = [k.split("://", 1)[1] if "://" in k else k for k in keys]
    assert _domains.hosts_and_domains(
        after, authority=True, engine="native"
    ) == _domains.hosts_and_domains(after, authority=True, engine="python")


def test_the_native_rule_set_is_the_packages() -> None:
    from publicsuffixlist import PublicSuffixList

    native = set(_domains._native_psl().rules())
    assert native == set(PublicSuffixList(only_icann=True)._publicsuffix)
    assert any(not r.isascii() for r in native) and "*.ck" in native and "!www.ck" in native
