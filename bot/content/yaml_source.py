"""Read a YAML file into plain Python values while remembering the line of every path.

Validation messages name the place of a defect (`faq.yaml:42: topics[3].related[0]: ...`),
so we compose the node tree ourselves instead of using yaml.safe_load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class ContentError(Exception):
    """A content file is broken. The message names file, line (when known), path and defect."""

    def __init__(self, file: str, line: int | None, path: str, problem: str) -> None:
        self.file, self.line, self.path, self.problem = file, line, path, problem
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {path}: {problem}" if path else f"{where}: {problem}")


@dataclass
class YamlDocument:
    """A parsed file: its data and a map from path ('topics[3].id') to 1-based line."""

    file: str
    data: Any
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, path: str) -> int | None:
        # Fall back to the nearest enclosing path that has a line.
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def error(self, path: str, problem: str) -> ContentError:
        return ContentError(self.file, self.line_of(path), path, problem)


def read_yaml(path: Path, display_name: str) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(display_name, None, "", "file is missing") from None
    except UnicodeDecodeError as exc:
        raise ContentError(display_name, None, "", f"not UTF-8 text ({exc.reason})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise ContentError(display_name, line, "", f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise ContentError(display_name, None, "", f"invalid YAML: {exc}") from None
    document = YamlDocument(display_name, None)
    document.data = _to_python(node, "", document) if node is not None else None
    return document


def _to_python(node: yaml.Node, path: str, document: YamlDocument) -> Any:
    document.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node, document, path)
            child = f"{path}.{key}" if path else str(key)
            if key in result:  # name the line of the repeat, not of the first (valid) key
                raise ContentError(document.file, key_node.start_mark.line + 1, child, f"duplicate key '{key}'")
            document.lines[child] = key_node.start_mark.line + 1
            result[key] = _to_python(value_node, child, document)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, f"{path}[{i}]", document) for i, item in enumerate(node.value)]
    return _scalar(node, document, path)


def _scalar(node: yaml.Node, document: YamlDocument, path: str) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        raise document.error(path, "a key must be a plain value")
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    except yaml.YAMLError as exc:
        raise document.error(path, f"invalid value: {exc}") from None
