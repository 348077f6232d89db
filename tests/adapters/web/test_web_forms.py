"""Forms of the cockpit: a click runs a command as the signed-in person, after the CSRF and
Origin checks; everything a person wrote is shown as text."""

from __future__ import annotations

from tests.adapters.web.conftest import WebClient

COLINE = "console:coline"
SCRIPT = "the <script>alert('x')</script> door is broken #site"


def reported(cockpit: WebClient, text: str = "the front door is broken #site") -> None:
    assert "Report #1" in cockpit.chat.say(f"report {text}", user="victor")


def status_of(cockpit: WebClient, number: int) -> str:
    anomaly = cockpit.chat.app.services.anomalies.get(number)
    assert anomaly is not None
    return anomaly.status.value


def test_a_coordinator_resolves_a_report_from_its_page_and_the_reporter_is_told(
    cockpit: WebClient,
) -> None:
    reported(cockpit)
    cockpit.sign_in(COLINE)
    page = cockpit.get("/report/1")
    done = cockpit.post("/report/1", page.form("resolve 1", args="fixed"))
    assert done.status == 200
    assert "Report #1 resolved." in done.text
    assert "resolved by console:coline: fixed" in done.text
    cockpit.chat.deliver()
    told = [text for to, text in cockpit.chat.outbox.sent if to == "console:victor"]
    assert any("is resolved: fixed" in text for text in told)


def test_a_form_posted_without_its_token_is_refused(cockpit: WebClient) -> None:
    reported(cockpit)
    cockpit.sign_in(COLINE)
    assert cockpit.post("/report/1", {"command": "ack 1"}).status == 403
    assert cockpit.post("/report/1", {"csrf": "forged", "command": "ack 1"}).status == 403
    assert status_of(cockpit, 1) == "new"


def test_a_form_posted_from_another_site_is_refused(cockpit: WebClient) -> None:
    reported(cockpit)
    cockpit.sign_in(COLINE)
    form = cockpit.get("/report/1").form("ack 1")
    assert cockpit.post("/report/1", form, Origin="https://evil.example").status == 403
    assert cockpit.post("/report/1", form, Sec_Fetch_Site="cross-site").status == 403
    assert status_of(cockpit, 1) == "new"
    assert cockpit.post("/report/1", form).status == 200
    assert status_of(cockpit, 1) == "acknowledged"


def test_signing_out_needs_the_token_too(cockpit: WebClient) -> None:
    cockpit.sign_in(COLINE)
    assert cockpit.post("/logout", {}).status == 403
    assert cockpit.get("/").status == 200


def test_a_report_containing_a_script_renders_as_text(cockpit: WebClient) -> None:
    reported(cockpit, SCRIPT)
    cockpit.sign_in(COLINE)
    comment = cockpit.get("/report/1")
    cockpit.post(
        "/report/1",
        comment.form("comment 1", args='<img src=x onerror="alert(1)">'),
    )
    for path in ("/report/1", "/reports", "/board"):
        page = cockpit.get(path)
        assert "<script>" not in page.text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page.text
    assert "<img src=x" not in page.text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in cockpit.get("/report/1").text


def test_a_volunteer_runs_commands_with_their_own_role(cockpit: WebClient) -> None:
    reported(cockpit)
    page = cockpit.sign_in("console:victor")
    refused = cockpit.post("/report/1", {"csrf": page.csrf, "command": "resolve 1"})
    assert refused.status == 400
    assert "This action is not offered on this page." in refused.text
    assert status_of(cockpit, 1) == "new"


def test_only_the_commands_of_rendered_forms_run(cockpit: WebClient) -> None:
    reported(cockpit)
    assert "Report #2" in cockpit.chat.say("report the lift is stuck #site", user="zoe")
    cockpit.sign_in("console:victor")
    page = cockpit.get("/report/1")
    mine = page.form("comment 1", args="hello")
    forged = [
        {**mine, "command": "comment 2"},  # a report victor cannot see
        {"csrf": page.csrf, "command": "comment 2", "args": "hello", "sig": "0" * 64},
        {"csrf": page.csrf, "command": "comment 2", "args": "hello"},
    ]
    for form in forged:
        refused = cockpit.post("/report/1", form)
        assert refused.status == 400
        assert 'name="viewport"' in refused.text
    assert all(
        change.kind != "comment" for change in cockpit.chat.app.services.anomalies.history(2)
    )
    assert cockpit.post("/report/1", mine).status == 200  # the form offered runs


def test_a_form_without_a_text_field_takes_no_text(cockpit: WebClient) -> None:
    reported(cockpit)
    cockpit.sign_in(COLINE)
    form = cockpit.get("/report/1").form("ack 1")
    assert cockpit.post("/report/1", {**form, "args": "2"}).status == 400
    assert status_of(cockpit, 1) == "new"
    assert cockpit.post("/report/1", form).status == 200
    assert status_of(cockpit, 1) == "acknowledged"


def test_a_form_rendered_before_a_restart_still_runs_after_it(cockpit: WebClient) -> None:
    """The forms' key lives with the session in the database, so a page rendered by one process
    posts to another (a restart here; several instances behind a load balancer in production)."""
    reported(cockpit)
    cockpit.sign_in(COLINE)
    form = cockpit.get("/report/1").form("ack 1")
    cockpit.restart()
    assert cockpit.post("/report/1", form).status == 200
    assert status_of(cockpit, 1) == "acknowledged"
