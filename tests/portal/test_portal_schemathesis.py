"""Property-based API tests: schemathesis generates requests for every operation of the app's
own OpenAPI description (pages and JSON API), as a stranger, as a downstream provider and as an
admin (with a valid session cookie and CSRF token, so that forms are exercised beyond their
token check), on both databases. No request may cause a server error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from portal_helpers import Clients

from gpaikit.portal._guard import SESSION_COOKIE

EXAMPLES = 5
"""Examples per operation and identity (about 1,000 requests per database)."""
SIGN_OUT = {("POST", "/logout")}


def _identity(c: Clients, role: str) -> tuple[dict[str, str], dict[str, str], str | None]:
    """Headers, cookies and the CSRF token a role's requests carry."""
    if role == "anonymous":
        return {}, {}, None
    client = c[role]
    cookie = client.cookies.get(SESSION_COOKIE)
    assert cookie
    return c.api(role), {SESSION_COOKIE: cookie}, c.csrf(role)


def _fuzz(c: Clients, role: str, operation: Any, failures: list[str], seen: list[int]) -> None:
    headers, cookies, csrf = _identity(c, role)

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        if csrf is not None and isinstance(case.body, dict) and "csrf_token" in case.body:
            case.body["csrf_token"] = csrf
        response = case.call(headers={**headers, **(case.headers or {})}, cookies=cookies)
        seen.append(response.status_code)
        if response.status_code >= 500:
            failures.append(f"{role} {case.method} {case.formatted_path}: {response.status_code}")

    run()


@pytest.mark.slow
def test_no_generated_request_causes_a_server_error(portal: Callable[..., Clients]) -> None:
    c = portal()
    c.post("downstream", "/downstream/requests", {"subject": "s", "body": "b"})
    schema = schemathesis.openapi.from_asgi("/openapi.json", c.app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 60
    failures: list[str] = []
    seen: list[int] = []
    for role in ("anonymous", "downstream", "admin"):  # the admin last: it may revoke
        for operation in operations:
            if role != "anonymous" and (operation.method.upper(), operation.path) in SIGN_OUT:
                continue
            _fuzz(c, role, operation, failures, seen)
    assert not failures, failures[:20]
    # the generated requests went past validation and authorisation, not only into them
    assert len(seen) > 500 and sum(200 <= s < 400 for s in seen) > 100, len(seen)
