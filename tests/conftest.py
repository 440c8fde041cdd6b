from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLEAN_SEEDS = sorted(p for p in SEEDS.glob("*.txt")
                     if not p.name.endswith(".clean.txt") and not p.name.startswith("003_"))
OCR_SEED = next(SEEDS.glob("003_*.txt"))


@pytest.fixture
def root() -> Path:
    return ROOT
