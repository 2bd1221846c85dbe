"""`curl` commands written as strings in scripts and notebooks: method, URL, headers, JSON body.

A string such as `"curl -X DELETE https://api.clarifai.com/v2/inputs -d '{\"delete_all\": true}'"`
is a call to the API like any `requests.delete(...)`; `parse_curl` reads it so that rules can
judge its path and body the way they judge Python HTTP calls.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass, field
from typing import Any

DATA_FLAGS = frozenset({"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--json"})
METHOD_FLAGS = frozenset({"-X", "--request"})
HEADER_FLAGS = frozenset({"-H", "--header"})
# Flags that take a value we do not need (so the value is not taken for the URL).
VALUE_FLAGS = frozenset(
    {"-u", "--user", "-o", "--output", "-A", "--user-agent", "-e", "--referer", "-F", "--form"}
)


@dataclass
class CurlCommand:
    """What one curl command sends."""

    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body_text: str | None = None

    @property
    def body(self) -> Any:
        """The body parsed as JSON, or None when there is none or it is not JSON."""
        if self.body_text is None:
            return None
        try:
            return json.loads(self.body_text)
        except ValueError:
            return None

    @property
    def path(self) -> str:
        """The URL without scheme, host and query: `/v2/inputs`."""
        url = self.url.split("?", 1)[0]
        if "://" in url:
            url = url.split("://", 1)[1]
            url = "/" + url.split("/", 1)[1] if "/" in url else "/"
        return url.rstrip("/") or "/"


def parse_curl(text: str) -> CurlCommand | None:
    """The curl command in `text` (a whole string holding one), or None if it is not one."""
    stripped = text.lstrip().lstrip("!").lstrip()
    if not stripped.startswith("curl ") and not stripped.startswith("curl\t"):
        return None
    try:
        words = shlex.split(stripped.replace("\\\n", " "))
    except ValueError:
        return None
    method: str | None = None
    url: str | None = None
    headers: dict[str, str] = {}
    body: str | None = None
    position = 1
    while position < len(words):
        word = words[position]
        value = words[position + 1] if position + 1 < len(words) else None
        if word in METHOD_FLAGS and value is not None:
            method, position = value.upper(), position + 2
        elif word in DATA_FLAGS and value is not None:
            body, position = value, position + 2
        elif word in HEADER_FLAGS and value is not None:
            name, _, content = value.partition(":")
            headers[name.strip().lower()] = content.strip()
            position += 2
        elif word in VALUE_FLAGS:
            position += 2
        elif word == "--url" and value is not None:
            url, position = value, position + 2
        elif not word.startswith("-") and url is None:
            url, position = word, position + 1
        else:
            position += 1
    if url is None:
        return None
    return CurlCommand(method or ("POST" if body is not None else "GET"), url, headers, body)


def json_keys(value: Any) -> set[str]:
    """Every object key anywhere in a parsed JSON value."""
    keys: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys.update(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return keys


def json_pairs(value: Any) -> list[tuple[str, Any, dict]]:
    """(key, value, the object holding it) for every key anywhere in a parsed JSON value."""
    pairs: list[tuple[str, Any, dict]] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, inner in item.items():
                pairs.append((key, inner, item))
                stack.append(inner)
        elif isinstance(item, list):
            stack.extend(item)
    return pairs


def model_objects(value: Any) -> list[tuple[str, dict, dict]]:
    """("model" or "models", the model object, the object holding it) anywhere in a JSON body."""
    found: list[tuple[str, dict, dict]] = []
    for key, inner, holder in json_pairs(value):
        if key == "model" and isinstance(inner, dict):
            found.append((key, inner, holder))
        elif key == "models" and isinstance(inner, list):
            found.extend((key, item, holder) for item in inner if isinstance(item, dict))
    return found
