"""Locked logins (django-axes): a lock begins, the office lifts it. Both are audited.

axes counts the failed logins and locks a user name or an address (`config/login_throttling`,
settings `AXES_*`); it tells of a lock through its `user_locked_out` signal (connected in
`beleid.apps`), the only hook it has. A lock ends by itself after the wait, or when the office
deletes its attempts in the admin (`beleid.admin.LoginLockAdmin`).
"""

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet

from ..models import AuditEventType
from .audit import audit_event, audit_log, audit_log_many


def _minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


@transaction.atomic
def login_lock_record(*, username: str | None, ip_address: str | None, failures: int) -> None:
    """Audit that a user name or an address was locked after `failures` failed logins
    (nobody acts: the lock is the site's own)."""
    audit_log(
        actor=None,
        event_type=AuditEventType.LOGIN_LOCKED,
        after={
            "username": username or "",
            "ip_address": ip_address or "",
            "failures": failures,
            "minutes": _minutes(),
        },
    )


def on_user_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    """axes's `user_locked_out` signal: sent for the failure that locks, and again for every
    attempt while locked; only the first is a new lock (axes counted that failure)."""
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None:
        login_lock_record(username=username, ip_address=ip_address, failures=failures)


@transaction.atomic
def login_locks_release(*, actor, attempts: QuerySet[AccessAttempt]) -> int:
    """The office lifts locks: the failed attempts are forgotten (so the user name or address
    may log in again at once), one audit event per attempt record. Returns how many."""
    released = list(attempts.select_for_update().order_by("pk"))
    audit_log_many([
        audit_event(
            actor=actor,
            event_type=AuditEventType.LOGIN_UNLOCKED,
            before={
                "username": attempt.username or "",
                "ip_address": attempt.ip_address or "",
                "failures": attempt.failures_since_start,
            },
        )
        for attempt in released
    ])
    AccessAttempt.objects.filter(pk__in=[attempt.pk for attempt in released]).delete()
    return len(released)
