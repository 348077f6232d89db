"""Matrix adapter (matrix-nio): the same commands in Matrix rooms, encrypted ones included."""

from adapters.matrix.settings import MatrixSettings
from adapters.spec import Adapter, AdapterHost, AdapterSpec


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
    )


ADAPTER = AdapterSpec(
    name="Matrix",
    prefix="matrix",
    configured=lambda: MatrixSettings().configured,
    build=_build,
    settings=(MatrixSettings,),
)

__all__ = ["ADAPTER", "MatrixSettings"]
