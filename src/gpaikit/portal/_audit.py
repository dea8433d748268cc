"""The append-only audit log: every access to non-public content and every change, chained.

Each entry's hash is SHA-256 over its sequence number, time, actor, action, target, detail and
the previous entry's hash, so an edited, removed or reordered entry breaks the chain from that
point on. The database refuses updates and deletes of the log (triggers); the head row, locked
while an entry is appended, keeps concurrent servers in one order. A chain can still be cut at
its end by someone who owns the database: :func:`verify_audit` prints the head (sequence and
hash) so that an operator can note it elsewhere and pass it back as ``anchor`` later.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gpaikit.portal._db import Database, utcnow
from gpaikit.portal._tables import AuditHead, AuditRow

__all__ = ["AuditReport", "append_audit", "verify_audit"]

GENESIS = "0" * 64
_BATCH = 2000


def _digest(seq: int, at: str, actor: str, action: str, target: str, detail: str, prev: str) -> str:
    canonical = json.dumps(
        [seq, at, actor, action, target, detail, prev], ensure_ascii=True, separators=(",", ":")
    )
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _clip(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def append_audit(session: Session, actor: str, action: str, target: str, **detail: Any) -> AuditRow:
    """Append one entry in ``session``'s transaction (it commits or rolls back with it)."""
    head = session.scalars(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    at = utcnow()
    row = AuditRow(
        seq=head.seq + 1,
        at=at,
        actor=_clip(actor, 400),
        action=_clip(action, 60),
        target=_clip(target, 1200),
        detail=json.dumps(detail, sort_keys=True, ensure_ascii=True, default=str),
        prev_hash=head.hash,
        hash="",
    )
    row.hash = _digest(
        row.seq, at.isoformat(), row.actor, row.action, row.target, row.detail, head.hash
    )
    session.add(row)
    head.seq, head.hash = row.seq, row.hash
    session.flush()
    return row


@dataclass(frozen=True)
class AuditReport:
    """What :func:`verify_audit` found: the entries checked, the head, the first break."""

    entries: int
    head_seq: int
    head_hash: str
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify_audit(db: Database, anchor: tuple[int, str] | None = None) -> AuditReport:
    """Recompute the whole chain; ``anchor`` (sequence, hash) is an entry noted earlier."""
    prev, expected, count = GENESIS, 1, 0
    anchored = anchor is None
    with db.read() as s:
        head = s.scalars(select(AuditHead).where(AuditHead.id == 1)).one()
        head_seq, head_hash = head.seq, head.hash
        last = 0
        while True:
            rows = s.scalars(
                select(AuditRow).where(AuditRow.seq > last).order_by(AuditRow.seq).limit(_BATCH)
            ).all()
            if not rows:
                break
            for row in rows:
                problem = _check(row, expected, prev)
                if problem:
                    return AuditReport(count, head_seq, head_hash, problem)
                if anchor is not None and row.seq == anchor[0]:
                    if row.hash != anchor[1]:
                        return AuditReport(
                            count, head_seq, head_hash, f"entry {row.seq} differs from the anchor"
                        )
                    anchored = True
                prev, expected, count, last = row.hash, row.seq + 1, count + 1, row.seq
    if (last, prev) != (head_seq, head_hash):
        return AuditReport(
            count,
            head_seq,
            head_hash,
            f"the log ends at entry {last} but its head says {head_seq}: entries are missing",
        )
    if not anchored and anchor is not None:
        return AuditReport(
            count, head_seq, head_hash, f"anchor entry {anchor[0]} is not in the log (cut?)"
        )
    return AuditReport(count, head_seq, head_hash)


def _check(row: AuditRow, expected: int, prev: str) -> str | None:
    if row.seq != expected:
        return f"entry {expected} is missing (next is {row.seq})"
    if row.prev_hash != prev:
        return f"entry {row.seq} does not follow entry {row.seq - 1} (chain broken)"
    digest = _digest(
        row.seq, row.at.isoformat(), row.actor, row.action, row.target, row.detail, row.prev_hash
    )
    if digest != row.hash:
        return f"entry {row.seq} was changed after it was written (hash mismatch)"
    return None
