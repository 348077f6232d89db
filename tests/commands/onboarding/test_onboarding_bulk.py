"""``chatbot onboarding enrol FILE``: every newcomer of a CSV or .xlsx file, or nobody."""

from __future__ import annotations

import io
from pathlib import Path

from app.onboarding_enrol_cli import enrol_file
from chatbot.formats.xlsx import rows_to_xlsx
from chatbot.ids import UserId
from tests.harness import COORDINATOR, Chat, sent_to

ACTOR = UserId("console:coline")


def _enrol(chat: Chat, path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = enrol_file(chat.app.services, path, actor=ACTOR, out=out, err=err)
    chat.deliver()
    return code, out.getvalue(), err.getvalue()


def test_a_file_enrols_everyone_and_welcomes_them(chat: Chat, tmp_path: Path) -> None:
    chat.settings.onboarding_buddies = [UserId("console:ana")]
    source = tmp_path / "newcomers.csv"
    source.write_text("user;name;template\nconsole:victor;Victor Hugo;\nconsole:ines;;volunteer\n")
    code, out, err = _enrol(chat, source)
    assert (code, err) == (0, "")
    assert out == f"{source}: 2 newcomers enrolled; their welcome messages are on their way.\n"
    assert sent_to(chat, "console:victor")[0].startswith("Welcome, Victor Hugo!")
    assert sent_to(chat, "console:ines")[0].startswith("Welcome, ines!")
    assert len(sent_to(chat, "console:ana")) == 2  # each met their buddy
    assert "Newcomers: 2" in chat.say("onboarding status", user=COORDINATOR)


def test_every_problem_is_named_by_line_and_column_and_nobody_is_enrolled(
    chat: Chat, tmp_path: Path
) -> None:
    chat.say("onboarding start paul", user=COORDINATOR)
    source = tmp_path / "newcomers.csv"
    source.write_text(
        "user,name,template,team\n"
        "console:victor,Victor,,\n"
        "ines@example.org,Inès,,\n"
        ",Nobody,,\n"
        "console:victor,Again,,\n"
        "console:paul,Paul,,\n"
        "console:leo,Léo,induction,\n"
        "victor,Victor,,\n"
    )
    code, out, err = _enrol(chat, source)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{source}: 7 problem(s), nobody was enrolled:",
        f"{source}: line 1: column team: unknown column; the columns are user, name, template",
        f"{source}: line 3: column user: ines@example.org looks like an e-mail address; no "
        "platform here finds accounts by e-mail, give the platform id (slack:U0123, "
        "matrix:@ana:example.org)",
        f"{source}: line 4: column user: a platform id is required",
        f"{source}: line 5: column user: console:victor is already on line 2",
        f"{source}: line 6: column user: console:paul is already onboarding",
        f"{source}: line 7: column template: there is no checklist called «induction»",
        err.splitlines()[7],
    ]
    assert err.splitlines()[7].startswith(f"{source}: line 8: column user: "), err
    assert chat.app.services.onboarding.get(UserId("console:victor")) is None
    assert sent_to(chat, "console:victor") == []


def test_an_xlsx_file_names_its_sheet_row_and_column(chat: Chat, tmp_path: Path) -> None:
    source = tmp_path / "newcomers.xlsx"
    rows = [["console:victor", "Victor"], ["", "Nobody"]]
    source.write_bytes(rows_to_xlsx(["user", "name"], rows, sheet="Arrivées"))
    code, _, err = _enrol(chat, source)
    assert code == 1
    assert err.splitlines()[1] == (
        f'{source}: sheet "Arrivées", row 3, column A (user): a platform id is required'
    )
    source.write_bytes(rows_to_xlsx(["user", "name"], rows[:1], sheet="Arrivées"))
    assert _enrol(chat, source)[0] == 0
    assert sent_to(chat, "console:victor")[0].startswith("Welcome, Victor!")


def test_an_empty_or_missing_file(chat: Chat, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert _enrol(chat, empty)[2].splitlines()[1] == (
        f"{empty}: line 1: the file is empty: a header line is expected"
    )
    no_user = tmp_path / "names.csv"
    no_user.write_text("name\nVictor\n")
    assert (
        _enrol(chat, no_user)[2].splitlines()[1] == f"{no_user}: line 1: the user column is missing"
    )
    code, _, err = _enrol(chat, tmp_path / "absent.csv")
    assert code == 1 and err.startswith("Cannot read")
