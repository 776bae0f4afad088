"""The layers of docs/architecture.md: each imports only the layers before it."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "postlint"
# In the order of docs/architecture.md; a module not named here is a front end (last).
LAYERS = (
    {"invisible"},  # one character class, shared by output escaping and trust warnings
    {"records"},  # the plain record base classes, used by every layer above
    {"syntax"},
    {"files", "trust"},
    {"postfix"},
    {"engine"},
    {"config", "discovery", "session"},
    {"report"},
    {"writer"},
)


def _layer(module: str) -> int:
    top = module.split(".")[1] if "." in module else ""
    if not top:
        return -1  # the package itself (__version__) sits below everything
    return next((i for i, names in enumerate(LAYERS) if top in names), len(LAYERS))


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Imports of postlint modules outside `if TYPE_CHECKING:` blocks."""
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    found = []
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("postlint"):
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.startswith("postlint."))
    return found


def test_each_layer_imports_only_the_layers_before_it() -> None:
    upward = []
    for path in sorted(SRC.rglob("*.py")):
        module = ".".join(("postlint", *path.relative_to(SRC).with_suffix("").parts))
        mine = _layer(module)
        for imported in _runtime_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if _layer(imported) > mine:
                upward.append(f"{module} imports {imported}")
    assert not upward, "\n".join(upward)
