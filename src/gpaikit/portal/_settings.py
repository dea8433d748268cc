"""What an operator can set: the database, cookies, limits on what strangers may send.

None of these is law: the clocks come from the catalog (``clocks*.yaml``), and the only
override, ``complaint_days``, replaces gpaikit's internal service level for complaints (the
Code says "reasonable time" and gives no number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

__all__ = ["DEFAULT_DB", "PortalSettings"]

DEFAULT_DB = "sqlite:///gpaikit-portal.sqlite3"
"""The default database: one SQLite file in the current directory."""

MiB = 1024 * 1024


@dataclass(frozen=True)
class PortalSettings:
    """The portal's operating limits. ``cookie_secure`` stays on behind HTTPS; turn it off only
    for a plain-HTTP test on loopback."""

    db_url: str = DEFAULT_DB
    title: str = "AI Act portal"
    cookie_secure: bool = True
    session_idle: dt.timedelta = dt.timedelta(hours=2)
    session_max: dt.timedelta = dt.timedelta(hours=12)
    invitation_days: int = 30
    invitation_max_days: int = 90
    max_attachment_bytes: int = 5 * MiB
    max_attachments: int = 5
    max_text: int = 20_000
    complaint_per_ip_hour: int = 5
    complaint_per_email_day: int = 3
    complaint_global_hour: int = 300
    complaint_min_seconds: float = 3.0
    login_failures: int = 10
    login_window: dt.timedelta = dt.timedelta(minutes=15)
    timezone: str = "UTC"
    complaint_days: int | None = None
    trust_forwarded: bool = False

    @property
    def max_form_bytes(self) -> int:
        """The largest form body: three text fields of ``max_text`` characters sent as
        percent-encoded UTF-8 (up to 9 bytes a character, ``%E2%82%AC``), and 16 KiB for the
        short fields. A fixed 64 KiB refused valid complaints written in Greek or Bulgarian."""
        return 3 * 9 * self.max_text + 16 * 1024

    @property
    def max_upload_bytes(self) -> int:
        """The largest request body a form with attachments may have."""
        return self.max_attachments * self.max_attachment_bytes + self.max_form_bytes

    def but(self, **changes: Any) -> PortalSettings:
        return replace(self, **changes)
