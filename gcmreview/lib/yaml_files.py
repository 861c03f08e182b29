"""Reading YAML with the C parser when PyYAML has it: the taxonomy file takes over a
second with the pure-Python one, a few hundredths with libyaml."""

from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str | bytes) -> Any:
    """Like yaml.safe_load: plain data only, never arbitrary objects."""
    return yaml.load(text, Loader=_Loader)
