"""Matrix adapter (matrix-nio): the same commands in Matrix rooms, encrypted ones included."""

import re

from adapters.matrix.settings import MatrixSettings
from adapters.spec import Adapter, AdapterHost, AdapterSpec, Check, CheckHost


def _build(host: AdapterHost) -> Adapter:
    from adapters.matrix.adapter import MatrixAdapter  # its SDK, only when configured

    return MatrixAdapter(
        bot=host.bot,
        router=host.router,
        settings=MatrixSettings(),
        events=host.events,
        state=host.state,
        undecrypted=host.undecrypted,
        data_dir=host.data_dir,
        core=host.core,
        decryption_failed=host.decryption_failed,
    )


async def _check(host: CheckHost) -> list[Check]:
    from adapters.matrix.check import check_matrix  # its SDK, only when configured

    return await check_matrix(host)


ADAPTER = AdapterSpec(
    name="Matrix",
    prefix="matrix",
    configured=lambda: MatrixSettings().configured,
    build=_build,
    settings=(MatrixSettings,),
    user_id=re.compile(r"@[^\s:]+:\S+"),
    conversation_id=re.compile(r"[!#][^\s:]+:\S+"),
    user_id_example="@ana:example.org",
    conversation_id_example="!abc:example.org",
    check=_check,
)

__all__ = ["ADAPTER", "MatrixSettings"]
