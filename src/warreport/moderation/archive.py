"""Read the moderation models' files: numpy archives (no pickle) with a JSON header."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from warreport.errors import ModelError


def read_archive(where: Path, what: str, builder: str) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """The JSON header and the arrays of ``where``; a :class:`ModelError` naming ``what`` and the
    module that rebuilds it (``python -m <builder>``) when the file is missing or unreadable."""
    if not where.is_file():
        raise ModelError(f"{what} {where} is missing; build it with `python -m {builder}`")
    try:
        with np.load(where, allow_pickle=False) as raw:
            header = json.loads(str(raw["header"]))
            arrays = {k: raw[k] for k in raw.files if k != "header"}
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        raise ModelError(f"cannot read {what} {where} ({exc}); rebuild it with `python -m {builder}`") from exc
    if not isinstance(header, dict):
        raise ModelError(f"{where} is not a warreport {what}: its header is not a JSON object")
    return header, arrays
