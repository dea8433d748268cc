"""Type stubs of the native core (``native/src``). Wrapped by ``gpaikit.rep._native``."""

from collections.abc import Callable, Iterable

__version__: str
COMPILE_AFTER: int

class Dialect:
    def __init__(
        self,
        key_typos: bool,
        no_colon: bool,
        index_html: bool,
        rfc_encoding: bool,
        self_allowed: bool,
        size_limit: int | None,
    ) -> None: ...

_Arg = int | bytes | str
_Export = tuple[
    int,
    int,
    int,
    list[
        tuple[
            int,
            tuple[str, ...],
            list[tuple[int, bool, str, bytes, bool]],
            list[tuple[int, bytes]],
            list[tuple[int, bytes]],
        ]
    ],
    list[bytes],
    list[tuple[int, bytes, bytes]],
    list[tuple[int, bytes]],
    list[tuple[int, str, tuple[_Arg, ...]]],
]

class Robots:
    def __init__(self, body: str | bytes, dialect: Dialect) -> None: ...
    def allowed(self, url: str, agent: str) -> bool: ...
    def allowed_many(self, urls: Iterable[str], agent: str) -> list[bool]: ...
    def decide(self, url: str, agent: str) -> tuple[bool, str, int, int]: ...
    def body(self) -> bytes: ...
    def export(self) -> _Export: ...

# -- gpaikit._hosts and gpaikit.data (src/url.rs, src/host.rs, src/psl.rs) ----------------
# ``None`` means: the core delegates this input to the Python reference (IDNA, IPv4-mapped
# IPv6, non-ASCII ports, strings that are not UTF-8).

_Check = tuple[str | None, str | None]

def url_host(url: str) -> str | None: ...
def redact_url(
    url: str, strip_credentials: bool, strip_query: bool, strip_fragment: bool
) -> str | None: ...
def check_host(raw: str) -> _Check | None: ...
def check_hosts(raws: list[str], reference: Callable[[str], _Check]) -> list[_Check]: ...

class PublicSuffixes:
    def __init__(
        self, data: bytes, line_rules: Callable[[str], tuple[str, list[str]] | None]
    ) -> None: ...
    def rules(self) -> list[str]: ...
    def registrable_domain(self, host: str) -> str | None: ...
    def registrable_domains(
        self, hosts: list[str], reference: Callable[[str], str]
    ) -> list[str]: ...
    def hosts_and_domains(
        self,
        keys: list[str],
        authority: bool,
        check_reference: Callable[[str], _Check],
        domain_reference: Callable[[str], str],
        row_reference: Callable[[str], tuple[str, str | None, str | None, str | None]],
    ) -> list[tuple[str, str | None, str | None, str | None]]: ...
