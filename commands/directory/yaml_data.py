"""Reading the directory's YAML data files (thesaurus, words, places) quickly.

PyYAML's pure-Python loader takes about half a second for the shipped files, paid by every
``chatbot directory search``; its libyaml binding, when installed, reads the same data ten
times faster.
"""

from __future__ import annotations

from typing import Any

import yaml

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """What ``yaml.safe_load(text)`` gives (raises :class:`yaml.YAMLError` the same way)."""
    return yaml.load(text, Loader=_Loader)
