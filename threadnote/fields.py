"""Typed access to the mappings of a parsed YAML file: each wrong value is a diagnostic at its place."""

from __future__ import annotations

from .diagnostics import Diagnostic, did_you_mean, error
from .model import Location
from .yamlsrc import Node


class Fields:
    """Typed access to a mapping Node that records every problem as a diagnostic."""

    def __init__(self, node: Node, what: str, allowed: set[str], diagnostics: list[Diagnostic]):
        self.node = node
        self.diagnostics = diagnostics
        self.values: dict[str, Node] = node.value if isinstance(node.value, dict) else {}
        if not isinstance(node.value, dict):
            diagnostics.append(error(node.location, f"{what} must be a mapping"))
        if self.values.keys() <= allowed:  # the usual case, checked without a Python loop
            return
        for key in self.values:
            if key not in allowed:
                hint = did_you_mean(key, allowed)
                diagnostics.append(error(node.key_location(key), f"unknown key '{key}' in {what}{hint}"))

    def location(self, key: str) -> Location:
        found = self.values.get(key)
        return found.location if found else self.node.location

    def text(self, key: str, default: str | None = None) -> str | None:
        found = self.values.get(key)
        if found is None or found.value is None:
            return default
        if type(found.value) is str:  # the usual case first
            return found.value
        if isinstance(found.value, (dict, list)):
            self.diagnostics.append(error(found.location, f"'{key}' must be text"))
            return default
        if isinstance(found.value, bool):
            return "true" if found.value else "false"
        return str(found.value)

    def number(self, key: str, default: int, minimum: int = 1) -> int:
        found = self.values.get(key)
        if found is None:
            return default
        if isinstance(found.value, bool) or not isinstance(found.value, int):
            self.diagnostics.append(error(found.location, f"'{key}' must be a whole number"))
            return default
        if found.value < minimum:
            self.diagnostics.append(error(found.location, f"'{key}' must be at least {minimum}"))
            return default
        return found.value

    def share(self, key: str, default: float) -> float:
        """A fraction between 0 and 1."""
        found = self.values.get(key)
        if found is None:
            return default
        value = found.value
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 1:
            self.diagnostics.append(error(found.location, f"'{key}' must be a number above 0 and at most 1"))
            return default
        return float(value)

    def flag(self, key: str, default: bool) -> bool:
        found = self.values.get(key)
        if found is None:
            return default
        if not isinstance(found.value, bool):
            self.diagnostics.append(error(found.location, f"'{key}' must be true or false"))
            return default
        return found.value

    def texts(self, key: str) -> tuple[str, ...]:
        """A list of strings; a single string counts as a list of one."""
        found = self.values.get(key)
        if found is None or found.value is None:
            return ()
        items = found.value if isinstance(found.value, list) else [found]
        result = []
        for item in items:
            if isinstance(item.value, (dict, list)) or item.value is None:
                self.diagnostics.append(error(item.location, f"'{key}' must list text values"))
            else:
                result.append(str(item.value))
        return tuple(result)

    def mapping(self, key: str) -> Node | None:
        found = self.values.get(key)
        if found is None or found.value is None:
            return None
        if not isinstance(found.value, dict):
            self.diagnostics.append(error(found.location, f"'{key}' must be a mapping"))
            return None
        return found

    def items(self, key: str) -> list[Node]:
        found = self.values.get(key)
        if found is None or found.value is None:
            return []
        if not isinstance(found.value, list):
            self.diagnostics.append(error(found.location, f"'{key}' must be a list"))
            return []
        return [item for item in found.value if isinstance(item, Node)]
