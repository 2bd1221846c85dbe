"""Pages of a listing, as every List and Search RPC cuts them."""

from __future__ import annotations

from typing import TypeVar

from .call import Call
from .statuses import ApiError

DEFAULT_PER_PAGE = 128
MAX_PER_PAGE = 1000

Item = TypeVar("Item")


def _cut(items: list[Item], number: int, size: int) -> list[Item]:
    if number < 1 or size < 1 or size > MAX_PER_PAGE:
        raise ApiError("CONN_INVALID_REQUEST", "bad-page", limit=MAX_PER_PAGE)
    return items[(number - 1) * size : number * size]


def page(call: Call, items: list[Item]) -> list[Item]:
    """The page of `items` that the request's `page` and `per_page` ask for; 11102 when bad."""
    return _cut(items, call.request.page or 1, call.request.per_page or DEFAULT_PER_PAGE)


def paged(call: Call, items: list[Item], per_page: int = DEFAULT_PER_PAGE) -> list[Item]:
    """The page of `items` that the request's `pagination` asks for (the Search RPCs), `per_page`
    items by default; 11102 when bad."""
    pagination = call.request.pagination
    return _cut(items, pagination.page or 1, pagination.per_page or per_page)
