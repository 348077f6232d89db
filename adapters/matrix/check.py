"""`chatbot check` for Matrix: who the bot's session or token is (``whoami``), its device, and
the bot's membership of each Matrix digest target. A password alone is tried by logging in on a
throwaway device, logged out at once."""

from __future__ import annotations

from nio import (
    AsyncClient,
    JoinedRoomsResponse,
    LoginResponse,
    RoomResolveAliasResponse,
    WhoamiResponse,
)

from adapters.matrix.session import load_session
from adapters.matrix.settings import MatrixSettings
from adapters.spec import Check, CheckHost
from chatbot.i18n import _


async def check_matrix(host: CheckHost) -> list[Check]:
    settings = MatrixSettings()
    client = AsyncClient(settings.matrix_homeserver, settings.matrix_user_id)
    try:
        return await _checks(client, settings, host)
    finally:
        await client.close()


async def _checks(client: AsyncClient, settings: MatrixSettings, host: CheckHost) -> list[Check]:
    saved = load_session(host.data_dir)
    if saved and saved.user_id == settings.matrix_user_id:
        client.access_token, device = saved.access_token, saved.device_id
    elif token := settings.matrix_access_token.get_secret_value():
        client.access_token, device = token, ""
    else:
        login = await client.login(
            settings.matrix_password.get_secret_value(),
            device_name=f"{settings.matrix_device_name} (check)",
        )
        if not isinstance(login, LoginResponse):
            return [_refused(settings, str(login))]
        device = ""
    try:
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse):
            return [_refused(settings, str(who))]
        if who.user_id != settings.matrix_user_id:
            return [
                Check(
                    False,
                    _("Matrix: the token is {user}'s, not {expected}'s").format(
                        user=who.user_id, expected=settings.matrix_user_id
                    ),
                    _("set MATRIX_USER_ID to {user}, or use {expected}'s token").format(
                        user=who.user_id, expected=settings.matrix_user_id
                    ),
                )
            ]
        checks = [
            Check(
                True,
                _("Matrix: signed in on {homeserver} as {user}").format(
                    homeserver=settings.matrix_homeserver, user=who.user_id
                ),
            )
        ]
        if device and who.device_id != device:
            checks.append(
                Check(
                    False,
                    _(
                        "Matrix: the saved session's device {saved} is not the token's {device}"
                    ).format(saved=device, device=who.device_id),
                    _("delete matrix-session.json in BOT_DATA_DIR: the bot logs in again"),
                )
            )
        elif device:
            checks.append(Check(True, _("Matrix: device {device}").format(device=device)))
        checks += await _targets(client, host.digest_targets)
        return checks
    finally:
        if not saved and not settings.matrix_access_token.get_secret_value():
            await client.logout()  # the throwaway device


async def _targets(client: AsyncClient, targets: list[str]) -> list[Check]:
    if not targets:
        return []
    joined = await client.joined_rooms()
    rooms = set(joined.rooms) if isinstance(joined, JoinedRoomsResponse) else set()
    checks = []
    for target in targets:
        room = target
        if target.startswith("#"):
            resolved = await client.room_resolve_alias(target)
            if not isinstance(resolved, RoomResolveAliasResponse):
                checks.append(
                    Check(
                        False,
                        _("Matrix: digest target {room} not found").format(room=target),
                        _("correct DIGEST_TARGETS (a room id !abc:example.org or alias)"),
                    )
                )
                continue
            room = resolved.room_id
        if room in rooms:
            checks.append(
                Check(
                    True,
                    _("Matrix: digest target {room} exists, the bot is a member").format(
                        room=target
                    ),
                )
            )
        else:
            checks.append(
                Check(
                    False,
                    _("Matrix: the bot is not a member of digest target {room}").format(
                        room=target
                    ),
                    _("invite {user} to that room").format(user=client.user_id),
                )
            )
    return checks


def _refused(settings: MatrixSettings, error: str) -> Check:
    return Check(
        False,
        _("Matrix: {homeserver} refused the bot's credentials ({error})").format(
            homeserver=settings.matrix_homeserver, error=error
        ),
        _("check MATRIX_USER_ID with MATRIX_ACCESS_TOKEN or MATRIX_PASSWORD"),
    )
