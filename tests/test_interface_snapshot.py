"""The public interface does not move under a refactor: every URL name (with its route) and every API
operation (path, method, operation id) is compared with a committed snapshot. A deliberate change updates
the snapshot in the same commit: `MASSAR_SNAPSHOT_UPDATE=1 make test PYTEST_ARGS=tests/test_interface_snapshot.py`.
"""

import json
import os
from pathlib import Path

from django.urls import URLPattern, URLResolver, get_resolver

from config.api import api

SNAPSHOTS = Path(__file__).parent / "snapshots"


def _url_names(resolver: URLResolver, prefix: str = "", namespace: str = "") -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if inner.startswith("admin:"):
                continue  # the back office's own routes are Django's, with their own matrix
            names.update(_url_names(entry, route, inner))
        elif isinstance(entry, URLPattern) and entry.name:
            names[f"{namespace}{entry.name}"] = route
    return names


def _resolved(node: object, components: dict) -> object:
    """A schema with its references replaced by what they name (so a renamed component is no change)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _resolved(components[node["$ref"].rsplit("/", 1)[1]], components)
        return {key: _resolved(value, components) for key, value in node.items() if key != "title"}
    if isinstance(node, list):
        return [_resolved(value, components) for value in node]
    return node


def _operations() -> dict[str, object]:
    """Per operation: its id, parameters, request body and success answers. Error answers may be declared
    more precisely over time, so they are not part of the snapshot."""
    document = api.get_openapi_schema()
    components = document.get("components", {}).get("schemas", {})
    return {f"{method.upper()} {path}": _resolved({
        "operation_id": operation["operationId"],
        "parameters": operation.get("parameters", []),
        "request_body": operation.get("requestBody"),
        "success": {str(status): answer for status, answer in operation["responses"].items() if str(status).startswith("2")},
    }, components) for path, methods in document["paths"].items() for method, operation in methods.items()}


def _compare(name: str, current: dict) -> None:
    snapshot = SNAPSHOTS / name
    if os.environ.get("MASSAR_SNAPSHOT_UPDATE"):
        snapshot.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    assert current == json.loads(snapshot.read_text())


def test_every_url_name_and_route_is_unchanged():
    _compare("url_names.json", _url_names(get_resolver()))


def test_every_api_operation_is_unchanged():
    _compare("api_operations.json", _operations())
