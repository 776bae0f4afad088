"""The generated data files shipped inside the package (`data/`), read from next to this
module: as trusted as the code itself, never from a user-writable cache, and without
importlib.resources (whose import, with zipfile, is a few ms of every start)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def data_text(name: str) -> str:
    return (DATA / name).read_text("utf-8")


def data_json(name: str) -> Any:
    return json.loads(data_text(name))
