"""CL021 2023-08-15: inputs moved behind Secure Data Hosting; send the token to SDH URLs only.

Flags a download (`requests.get`, `httpx.get`, `urlopen`, ...) of an input's hosted URL (built
from `.hosted`, `prefix` and `suffix`) in a file that never tells the two kinds apart (no
`data.clarifai.com`, no `is_sdh_url`): with a token, old inputs' public S3 URLs refuse it;
without one, SDH URLs refuse the request. No fix: the download must branch on the URL.

Not in curl commands: a shell download of an input's URL (`curl "$URL"`) does not show the URL's kind.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import Context, named
from ..hits import Hit
from ..syntax import callee, keyword

CODE = "CL021"
TRIGGERS = ("hosted",)

DOWNLOADS = frozenset({"get", "urlopen", "urlretrieve", "request", "stream"})
CHECKS = ("data.clarifai.com", "is_sdh_url")
WITH_TOKEN = (
    "inputs added before 2023-08-15 keep public S3 URLs, which refuse a request carrying a token: "
    "send it only when the URL is an SDH URL (https://data.clarifai.com; recipes.hosted.download)"
)
WITHOUT_TOKEN = (
    "inputs added since 2023-08-15 are hosted on https://data.clarifai.com and need your token: "
    "send it to SDH URLs, not to S3 ones (recipes.hosted.download)"
)


def _hosted_url(call: ast.Call, ctx: Context) -> bool:
    target = call.args[0] if call.args else (keyword(call, "url").value if keyword(call, "url") else None)
    return target is not None and "hosted" in ctx.segment(target)


@named(*DOWNLOADS)
def visit_Call(node: ast.Call, ctx: Context, parents: tuple) -> Iterator[Hit]:
    """`requests.get(f"{image.hosted.prefix}/orig/{image.hosted.suffix}", headers=headers)`."""
    if callee(node) not in DOWNLOADS or not ctx.mentions_clarifai or not _hosted_url(node, ctx):
        return
    if any(check in ctx.text for check in CHECKS):
        return
    has_token = keyword(node, "headers") is not None or keyword(node, "auth") is not None
    yield Hit(node, WITH_TOKEN if has_token else WITHOUT_TOKEN)
