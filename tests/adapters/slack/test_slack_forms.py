"""A core Form becomes a Slack modal; its submission becomes the command line to run."""

from __future__ import annotations

import json

from adapters.slack.forms import Origin, form_errors, modal, submitted_values
from chatbot.forms import Form, FormField
from chatbot.i18n import set_language

FORM = Form(
    command="suggest",
    title="Suggest an edit to a directory entry.",
    fields=(
        FormField(name="number", label="Entry", required=True, initial="12"),
        FormField(
            name="field",
            label="Field",
            required=True,
            choices=(("phone", "Phone"), ("email", "E-mail")),
            initial="email",
        ),
        FormField(name="value", label="New value", required=True, multiline=True),
    ),
)
ORIGIN = Origin(line="suggest 12", channel="C1", private=False, response_url="https://x/y")


def test_modal_has_one_input_per_field_and_remembers_where_it_came_from():
    view = modal(FORM, ORIGIN)
    assert view["callback_id"] == "chatbot_form"
    assert len(view["title"]["text"]) <= 24
    assert view["blocks"][0]["text"]["text"] == FORM.title  # the full title, above the inputs
    number, field, value = view["blocks"][1:]
    assert number["element"] == {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": False,
        "initial_value": "12",
    }
    assert field["element"]["initial_option"]["value"] == "email"
    assert value["element"]["multiline"] is True
    assert Origin.from_metadata(view["private_metadata"]) == ORIGIN
    assert json.loads(view["private_metadata"])["line"] == "suggest 12"


def test_submitted_values_build_the_command_line():
    view = {
        "state": {
            "values": {
                "number": {"value": {"type": "plain_text_input", "value": "12"}},
                "field": {
                    "value": {"type": "static_select", "selected_option": {"value": "phone"}}
                },
                "value": {"value": {"type": "plain_text_input", "value": "04 72 00 00 00"}},
            }
        }
    }
    values = submitted_values(view)
    assert values == {"number": "12", "field": "phone", "value": "04 72 00 00 00"}
    assert FORM.command_line(values) == "suggest 12 phone 04 72 00 00 00"


def values_view(**values: str) -> dict[str, object]:
    return {
        "state": {
            "values": {
                name: {"value": {"type": "plain_text_input", "value": value}}
                for name, value in values.items()
            }
        }
    }


NUMBERED = Form(
    command="comment",
    title="Add a comment to a report.",
    fields=(
        FormField(name="number", label="Report number", required=True, number=True),
        FormField(name="kind", label="Kind", required=False, choices=(("note", "Note"),)),
        FormField(name="text", label="Your comment?", required=False, multiline=True),
    ),
)


def test_form_errors_name_each_field_the_command_cannot_take():
    assert form_errors(NUMBERED, values_view(number="#12", kind="note", text="ok")) == {}
    assert form_errors(NUMBERED, values_view(number="douze", kind="other")) == {
        "number": "Please type a number, like 12.",
        "kind": "Please pick one of the choices.",
    }
    # An optional field left empty before a filled one: the command reads them in order.
    assert form_errors(NUMBERED, values_view(number="12", text="ok")) == {
        "kind": "Please fill this in too, for the fields below."
    }
    assert form_errors(FORM, values_view(number=" ", field="phone")) == {
        "number": "Please fill this in.",
        "value": "Please fill this in.",
    }


def test_form_errors_speak_french_first():
    set_language("fr")
    assert form_errors(FORM, values_view(field="phone", value="x")) == {
        "number": "Merci de remplir ce champ."
    }
