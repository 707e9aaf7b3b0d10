"""Where things are, for tests anywhere in the tree (pytest puts the repository root on
sys.path: see pyproject.toml)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
GOLDEN = TESTS / "golden"
# The seed tutorials live beside the repository, in ../shared/seeds (AUTOGRAD_SEEDS overrides).
SEEDS = Path(os.environ.get("AUTOGRAD_SEEDS", ROOT.parent / "shared" / "seeds"))
