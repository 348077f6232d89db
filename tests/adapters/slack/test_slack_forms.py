"""A core Form becomes a Slack modal; its submission becomes the command line to run."""

from __future__ import annotations

import json

from adapters.slack.forms import Origin, modal, submitted_values
from chatbot.forms import Form, FormField

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
