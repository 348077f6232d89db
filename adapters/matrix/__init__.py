"""Matrix adapter (matrix-nio): the same commands in Matrix rooms, encrypted ones included."""

from adapters.matrix.adapter import MatrixAdapter
from adapters.matrix.settings import MatrixSettings

__all__ = ["MatrixAdapter", "MatrixSettings"]
