"""Type stubs of the native core (``native/src``). Wrapped by ``gpaikit.rep._native``."""

from collections.abc import Iterable

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
