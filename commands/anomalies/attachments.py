"""Files sent with a report (a screenshot, a PDF): attached to it, shown on its card.

A ``report`` carrying files (a Slack form's file field, a Slack message with a file) attaches
them; a message holding only files, from someone who reported in that conversation within a
minute, attaches them to that report (a Matrix image sent after the report, a Slack file shared
in the DM). Only images and PDF files up to ``ANOMALY_ATTACHMENT_MAX_MB`` are accepted; the
others are refused with a word saying why. Only references are kept (a Slack permalink, a Matrix
``mxc://`` URI and its decryption info), and ``redact`` deletes them.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from chatbot.attachments import ATTACH_COMMAND, ATTACH_WINDOW, Attachment, StoredAttachment
from chatbot.attachments import size_text as size_of
from chatbot.commands import CommandSet
from chatbot.context import Context
from chatbot.i18n import N_, _, ngettext
from chatbot.reply import Block, Link, Note, Reply, Text
from chatbot.settings import Settings

log = logging.getLogger(__name__)

attachment_commands = CommandSet()

CLIP = "📎"


def accepted_note(settings: Settings) -> str:
    """What volunteers may attach (shown where they can attach: forms, the report's answer)."""
    return _("Images or PDF, up to {mb} MB.").format(mb=settings.anomaly_attachment_max_mb)


def sort_out(
    settings: Settings, attachments: Sequence[Attachment]
) -> tuple[list[Attachment], list[str]]:
    """The attachments a report accepts, and a sentence for each refused one."""
    limit = settings.anomaly_attachment_max_mb * 1024 * 1024
    kept: list[Attachment] = []
    refused: list[str] = []
    for attachment in attachments:
        name = attachment.name or _("the file")
        if not attachment.accepted_type:
            refused.append(
                _("«{name}» was not added: only images and PDF files are accepted.").format(
                    name=name
                )
            )
        elif attachment.size > limit:
            refused.append(
                _("«{name}» was not added: it is larger than {mb} MB.").format(
                    name=name, mb=settings.anomaly_attachment_max_mb
                )
            )
        else:
            kept.append(attachment)
    return kept, refused


def attach_sent_files(ctx: Context, anomaly_id: int) -> list[Block]:
    """Attach the files of the message being answered to report ``anomaly_id``; what to say
    about them (nothing when there were none)."""
    sent = ctx.incoming.attachments
    if not sent:
        return []
    kept, refused = sort_out(ctx.services.settings, sent)
    added = (
        ctx.services.attachments.attach(
            anomaly_id, kept, platform=ctx.incoming.platform, by=ctx.user_id, at=ctx.now()
        )
        if kept
        else []
    )
    log.info("report #%s: %d of %d files attached", anomaly_id, len(added), len(sent))
    blocks: list[Block] = []
    if added:
        said = ngettext("Added to report #{n}.", "{count} files added to report #{n}.", len(added))
        blocks.append(Text(f"{CLIP} " + said.format(n=anomaly_id, count=len(added))))
    elif kept:
        blocks.append(Text(f"{CLIP} " + _("Already added to report #{n}.").format(n=anomaly_id)))
    if refused:
        blocks.append(Note(" ".join([*refused, accepted_note(ctx.services.settings)])))
    return blocks


@attachment_commands.command(
    ATTACH_COMMAND,
    help=N_("Add the files of this message to your report of the last minute."),
    hidden=True,
)
async def attach(ctx: Context) -> Reply:
    """A message holding only files: they join the sender's report made in this conversation
    within a minute. Elsewhere than a direct conversation, nothing is said otherwise: a
    picture shared in a room is not always for the bot."""
    since = ctx.now() - ATTACH_WINDOW
    number = ctx.services.attachments.latest_report(
        ctx.user_id, ctx.incoming.conversation_id, since=since
    )
    if number is None:
        if not ctx.incoming.private or not ctx.incoming.attachments:
            return Reply.of()
        return Reply.of(
            Text(
                _(
                    "To add a file to a report, send it within a minute of the report, here. To "
                    "report a problem: report <what you saw>."
                )
            ),
            Note(accepted_note(ctx.services.settings)),
        )
    return Reply.of(*attach_sent_files(ctx, number))


def attachment_links(attachments: Sequence[StoredAttachment]) -> list[Block]:
    """One block per attachment: a link where it opens in a browser, else its name and size."""
    blocks: list[Block] = []
    for stored in attachments:
        file = stored.attachment
        if file.opens_in_browser:
            blocks.append(Link(f"{CLIP} {_described(file)}", file.url))
        else:
            blocks.append(Text(f"{CLIP} {_described(file)}"))
    return blocks


def _described(file: Attachment) -> str:
    size = size_of(file.size)
    name = file.name or _("file")
    return f"{name} ({size})" if size else name


def count_mark(count: int) -> str:
    """``📎 2`` next to a report in a digest line; empty with none."""
    return f"{CLIP} {count}" if count else ""
