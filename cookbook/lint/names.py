"""Which names in a file come from Clarifai, and which models live in clarifai/main.

The checker keeps false positives low by knowing where a name was imported from: `Model` from
`clarifai_grpc...resources_pb2` is a Clarifai model message, `Model` from keras is not.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from functools import cached_property

CLARIFAI_ROOTS = ("clarifai_grpc", "clarifai.rest", "clarifai.errors")
# Modules of clarifai-grpc that snippets use without showing the import line.
WELL_KNOWN_MODULES = {
    "resources_pb2": "clarifai_grpc.grpc.api.resources_pb2",
    "service_pb2": "clarifai_grpc.grpc.api.service_pb2",
    "service_pb2_grpc": "clarifai_grpc.grpc.api.service_pb2_grpc",
    "status_code_pb2": "clarifai_grpc.grpc.api.status.status_code_pb2",
    "status_pb2": "clarifai_grpc.grpc.api.status.status_pb2",
}

# Models and workflows of the public app clarifai/main: today's ids, the 2.x client's names
# and the 32-hex ids of 2016-2020 (documented in Clarifai's clients and docs).
PUBLIC_MODELS = frozenset(
    {
        "general-image-recognition",
        "general-image-detection",
        "general-image-embedding",
        "face-detection",
        "age-demographics-recognition",
        "gender-demographics-recognition",
        "ethnicity-demographics-recognition",
        "apparel-recognition",
        "food-item-recognition",
        "color-recognition",
        "moderation-recognition",
        "nsfw-recognition",
        "travel-recognition",
        "wedding-recognition",
        "celebrity-face-recognition",
        "logos-yolov5",
        "general-v1.3",
        "travel-v1.0",
        "food-items-v1.0",
        "nsfw-v1.0",
        "weddings-v1.0",
        "celeb-v1.3",
        "aaa03c23b3724a16a56b629203edc62c",  # general
        "a403429f2ddf4b49b307e318f00e528b",  # face detection
        "d02b4508df58432fbb84e800597b8959",  # face embedding
        "e9576d86d2004ed1a38ba0cf39ecb4b1",  # nsfw
        "e0be3b9d6a454f0493ac3a30784001ff",  # apparel
        "bd367be194cf45149e75f01d59f77ba7",  # food
        "eeed0b6733a644cea07cf4c60f87ebb7",  # color
        "eee28c313d69466f836ab83287a54ed9",  # travel
        "c386b7a870114f4a87477c0824499348",  # wedding
        "d16f390eb32cad478c7ae150069bd2c6",  # moderation
        "e466caa0619f444ab97497640cefc4dc",  # celebrity
        "c443119bf2ed4da98487520d01a0b1e3",  # logo
        "bbb5f41425b8468d9b7a554ff10f8581",  # general embedding
    }
)
PUBLIC_WORKFLOWS = frozenset({"Demographics", "General"})
DEMOGRAPHICS_MODEL_ID = "c0c0ac362b03416da06ab3fa36fb58e3"
FOCUS_MODEL_ID = "c2cf7cecd8a6427da375b9f35fcd2381"


def is_clarifai(origin: str | None) -> bool:
    """Whether a dotted origin (`clarifai_grpc.grpc.api.resources_pb2.Model`) is Clarifai's."""
    return origin is not None and any(
        origin == root or origin.startswith(root + ".") for root in CLARIFAI_ROOTS
    )


def statements(body: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement, nested ones included, without descending into expressions."""
    stack = list(body)
    while stack:
        statement = stack.pop()
        yield statement
        for name in ("body", "orelse", "finalbody"):
            stack.extend(getattr(statement, name, ()))
        for handler in getattr(statement, "handlers", ()):
            stack.extend(handler.body)
        for case in getattr(statement, "cases", ()):
            stack.extend(case.body)


class Names:
    """Imports and module-level string constants of a file (all cells of a notebook)."""

    def __init__(self) -> None:
        self.origins: dict[str, str] = {}  # local name -> dotted origin
        self.constants: dict[str, str] = {}  # NAME -> "literal" at module level
        self.star_imports: set[str] = set()
        self.assigned: set[str] = set()  # names bound by top-level assignments
        self.functions: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}  # def name -> def
        self._param_keys: dict[str, dict[str, frozenset[str]]] = {}

    def add_tree(self, tree: ast.Module) -> None:
        """Learn the imports anywhere in `tree` and its top-level string constants."""
        for cached in ("imports_clarifai", "imports_rest_client"):
            self.__dict__.pop(cached, None)
        for statement in tree.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign):
                targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                self.assigned.update(target.id for target in targets if isinstance(target, ast.Name))
            if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
                target, value = statement.targets[0], statement.value
                if (
                    isinstance(target, ast.Name)
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                ):
                    self.constants[target.id] = value.value
        for statement in statements(tree.body):
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[statement.name] = statement
                self._param_keys.pop(statement.name, None)
            elif isinstance(statement, ast.Import):
                for alias in statement.names:
                    if alias.asname:
                        self.origins[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.origins[top] = top
            elif isinstance(statement, ast.ImportFrom) and statement.module and not statement.level:
                for alias in statement.names:
                    if alias.name == "*":
                        self.star_imports.add(statement.module)
                    else:
                        self.origins[alias.asname or alias.name] = f"{statement.module}.{alias.name}"

    @cached_property
    def imports_clarifai(self) -> bool:
        """Whether anything is imported from a Clarifai client."""
        return any(is_clarifai(origin) for origin in self.origins.values()) or any(
            is_clarifai(module) for module in self.star_imports
        )

    @cached_property
    def imports_rest_client(self) -> bool:
        """Whether the old `clarifai` 2.x REST client (`clarifai.rest`) is imported."""
        return any(origin.startswith("clarifai.rest") for origin in self.origins.values())

    def origin(self, node: ast.AST) -> str | None:
        """The dotted origin of a name or attribute chain, if its first name was imported."""
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        base = self.origins.get(node.id) or WELL_KNOWN_MODULES.get(node.id)
        if base is None:
            return None
        return ".".join([base, *reversed(parts)])

    def clarifai_name(self, node: ast.AST) -> str | None:
        """`Model` when `node` names a Clarifai class or function (`resources_pb2.Model`), else None."""
        origin = self.origin(node)
        if is_clarifai(origin):
            assert origin is not None
            return origin.rsplit(".", 1)[-1]
        star = any(is_clarifai(module) for module in self.star_imports)
        if star and isinstance(node, ast.Name) and node.id not in self.origins:
            return node.id
        return None

    def string(self, node: ast.AST | None) -> str | None:
        """A string literal's value, or the value of a module-level constant it names."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name):
            return self.constants.get(node.id)
        return None

    def param_keys(self, function: str) -> dict[str, frozenset[str]]:
        """For a function defined in the file, the keys each parameter is passed on under.

        `def predict(model_id): stub.PostModelOutputs(Request(model_id=model_id))` gives
        {"model_id": {"model_id"}}; a parameter put in a dict (`{"id": name}`) is passed on under
        "id". Worked out once per function, only when a rule asks.
        """
        keys = self._param_keys.get(function)
        if keys is None:
            definition = self.functions.get(function)
            keys = _param_keys(definition) if definition is not None else {}
            self._param_keys[function] = keys
        return keys

    def passed_strings(self, call: ast.Call) -> Iterator[tuple[ast.expr, str, str]]:
        """(argument, key, string) for the strings a call hands on under a key, beyond literals.

        `Request(model_id=MODEL)` with `MODEL = "focus"` at module level gives
        (MODEL, "model_id", "focus"); `predict("focus")`, for a `def predict(model_id)` of the file
        that passes `model_id=model_id` on, gives ("focus", "model_id", "focus"). A literal under
        its own keyword (`model_id="focus"`) is not repeated: rules see that one as a literal.
        """
        for item in call.keywords:
            if item.arg and isinstance(item.value, ast.Name) and item.value.id in self.constants:
                yield item.value, item.arg, self.constants[item.value.id]
        if not isinstance(call.func, ast.Name) or call.func.id not in self.functions:
            return
        keys = self.param_keys(call.func.id)
        if not keys:
            return
        definition = self.functions[call.func.id]
        positional = [arg.arg for arg in (*definition.args.posonlyargs, *definition.args.args)]
        bound = [(name, value) for name, value in zip(positional, call.args, strict=False)]
        bound += [(item.arg, item.value) for item in call.keywords if item.arg]
        for name, value in bound:
            text = self.string(value)
            if text is None:
                continue
            for key in sorted(keys.get(name, ())):
                literal_under_key = isinstance(value, ast.Constant) and any(
                    item.value is value and item.arg == key for item in call.keywords
                )
                if not literal_under_key:
                    yield value, key, text


def _param_keys(definition: ast.FunctionDef | ast.AsyncFunctionDef) -> dict[str, frozenset[str]]:
    """The keys (keyword names, dict keys) each parameter of `definition` is passed on under."""
    arguments = definition.args
    params = {arg.arg for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs)}
    found: dict[str, set[str]] = {}
    for node in ast.walk(definition):
        if isinstance(node, ast.keyword) and node.arg and isinstance(node.value, ast.Name):
            if node.value.id in params:
                found.setdefault(node.value.id, set()).add(node.arg)
        elif isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if (
                    isinstance(key, ast.Constant)
                    and isinstance(key.value, str)
                    and isinstance(value, ast.Name)
                    and value.id in params
                ):
                    found.setdefault(value.id, set()).add(key.value)
    return {name: frozenset(keys) for name, keys in found.items()}
