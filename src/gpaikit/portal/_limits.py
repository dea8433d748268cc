"""Rate limits that hold across every server of a deployment (counted in the database).

A limit is a number of events per window for one key (an address, an e-mail, an account);
keys are stored only as keyed hashes. Old events are swept now and then by the writer that
finds them.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from gpaikit.portal._db import utcnow
from gpaikit.portal._secrets import keyed
from gpaikit.portal._tables import RateEvent

__all__ = ["count_recent", "hit"]

_KEEP = dt.timedelta(days=2)


def count_recent(s: Session, secret: bytes, bucket: str, key: str, window: dt.timedelta) -> int:
    since = utcnow() - window
    hashed = keyed(secret, "rate", bucket, key)
    found = s.scalar(
        select(func.count())
        .select_from(RateEvent)
        .where(RateEvent.bucket == bucket, RateEvent.key == hashed, RateEvent.at > since)
    )
    return int(found or 0)


def hit(s: Session, secret: bytes, bucket: str, key: str) -> None:
    """Count one event for ``key`` in ``bucket``."""
    now = utcnow()
    s.add(RateEvent(bucket=bucket, key=keyed(secret, "rate", bucket, key), at=now))
    if random.random() < 0.01:
        s.execute(delete(RateEvent).where(RateEvent.at < now - _KEEP))
