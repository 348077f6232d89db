"""Which commands a form may post: only those the cockpit rendered.

Every :func:`~adapters.web.layout.command_form` carries the command it runs in a hidden field
and, next to it, a signature of that command (HMAC-SHA256 with the session's form key, which is
kept in the database and never sent, so every process of the bot checks it; bound to the CSRF
token and to whether the form has a text field). A post whose command was not signed so (typed by
hand, another form's text edited) runs nothing. What the person types in the form's text field
is free; a form without one accepts no text.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_FIELD = "sig"


def form_signature(key: bytes, csrf: str, command: str, *, typed: bool) -> str:
    message = "\0".join((csrf, command, "typed" if typed else "fixed")).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def signed(key: bytes, csrf: str, command: str, args: str, signature: str) -> bool:
    """Whether ``command`` (with ``args`` typed in its field) was posted by a form we rendered."""
    if hmac.compare_digest(signature, form_signature(key, csrf, command, typed=True)):
        return True
    return not args and hmac.compare_digest(
        signature, form_signature(key, csrf, command, typed=False)
    )
