"""The composition root: wires settings, storage, commands and adapters together."""
