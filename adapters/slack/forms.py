"""A core :class:`~chatbot.forms.Form` <-> a Slack modal: pure functions.

The modal keeps, in its ``private_metadata``, what the submission needs to run the command in
the right place: the command line that produced the form, the conversation, its privacy and
the ``response_url`` to answer through.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from adapters.slack.render import cut_plain
from chatbot.forms import Form, FormField
from chatbot.i18n import _

CALLBACK_ID = "chatbot_form"
MAX_TITLE = 24
MAX_LABEL = 2000
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_INITIAL = 3000
MAX_METADATA = 3000
MAX_ERROR = 150
FILES_BLOCK = "attachments"
"""The block of a form's file field (``file_input``): its files go with the submission."""
FILE_TYPES = ("png", "jpg", "jpeg", "gif", "webp", "heic", "pdf")
MAX_FILES = 5


@dataclass(frozen=True)
class Origin:
    """Where the form was asked for."""

    line: str
    channel: str
    private: bool
    response_url: str = ""

    def to_metadata(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_metadata(cls, text: str) -> Origin:
        data = json.loads(text)
        return cls(
            line=str(data["line"]),
            channel=str(data["channel"]),
            private=bool(data["private"]),
            response_url=str(data.get("response_url", "")),
        )


def _plain(text: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": cut_plain(text, limit) or "-", "emoji": True}


def _element(form_field: FormField) -> dict[str, Any]:
    if form_field.choices:
        options = [
            {"text": _plain(label, MAX_OPTION_TEXT), "value": value}
            for value, label in form_field.choices[:MAX_OPTIONS]
            if 0 < len(value) <= MAX_OPTION_VALUE
        ]
        element: dict[str, Any] = {
            "type": "static_select",
            "action_id": "value",
            "options": options,
        }
        initial = [o for o in options if o["value"] == form_field.initial]
        if initial:
            element["initial_option"] = initial[0]
        return element
    element = {
        "type": "plain_text_input",
        "action_id": "value",
        "multiline": form_field.multiline,
    }
    if form_field.initial:
        element["initial_value"] = form_field.initial[:MAX_INITIAL]
    return element


def _file_field(max_file_mb: int) -> dict[str, Any]:
    label = _("Screenshot or file (optional): images or PDF, up to {mb} MB").format(mb=max_file_mb)
    return {
        "type": "input",
        "block_id": FILES_BLOCK,
        "label": _plain(label, MAX_LABEL),
        "optional": True,
        "element": {
            "type": "file_input",
            "action_id": "files",
            "filetypes": list(FILE_TYPES),
            "max_files": MAX_FILES,
        },
    }


def modal(form: Form, origin: Origin, *, max_file_mb: int = 10) -> dict[str, Any]:
    """The ``views.open`` view for ``form`` (a file field too when it takes files, announcing
    ``max_file_mb``)."""
    blocks: list[dict[str, Any]] = []
    if len(form.title) > MAX_TITLE:
        blocks.append(
            {"type": "section", "text": {"type": "plain_text", "text": form.title[:3000]}}
        )
    for form_field in form.fields:
        blocks.append(
            {
                "type": "input",
                "block_id": form_field.name,
                "label": _plain(form_field.label, MAX_LABEL),
                "optional": not form_field.required,
                "element": _element(form_field),
            }
        )
    if form.files:
        blocks.append(_file_field(max_file_mb))
    metadata = origin.to_metadata()
    if len(metadata) > MAX_METADATA:
        raise ValueError("form origin too long for a modal")
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": _plain(form.title, MAX_TITLE),
        "submit": _plain(_("Send"), MAX_TITLE),
        "close": _plain(_("Cancel"), MAX_TITLE),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def form_errors(form: Form, view: Mapping[str, Any]) -> dict[str, str]:
    """The ``errors`` of a ``response_action: errors`` answer: block id (the field's name) ->
    message, cut to what Slack shows."""
    return {
        name: cut_plain(message, MAX_ERROR)
        for name, message in form.errors(submitted_values(view)).items()
    }


def submitted_values(view: Mapping[str, Any]) -> dict[str, str]:
    """Field name -> text typed or option chosen, from a ``view_submission``'s view."""
    values: dict[str, str] = {}
    state = view.get("state", {}).get("values", {})
    for block_id, actions in state.items():
        if block_id == FILES_BLOCK:
            continue
        answer = actions.get("value") or {}
        if answer.get("type") == "static_select":
            selected = answer.get("selected_option") or {}
            values[block_id] = str(selected.get("value") or "")
        else:
            values[block_id] = str(answer.get("value") or "")
    return values


def submitted_files(view: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The Slack file objects of a ``view_submission``'s file field (none without one)."""
    state = view.get("state", {}).get("values", {})
    answer = (state.get(FILES_BLOCK) or {}).get("files") or {}
    files = answer.get("files") if isinstance(answer, Mapping) else None
    return [f for f in files if isinstance(f, Mapping)] if isinstance(files, list) else []
