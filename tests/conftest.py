import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
CLEAN_SEEDS = sorted(p for p in SEEDS.glob("*.txt")
                     if not p.name.endswith(".clean.txt") and not p.name.startswith("003_"))
OCR_SEED = next(SEEDS.glob("003_*.txt"))


@pytest.fixture
def root() -> Path:
    return ROOT


# --- hypothesis --------------------------------------------------------------
#: Seconds the fuzz run of tests/test_fuzz.py lasts, shared among its targets.
#: ``make test`` keeps the default; ``make fuzz`` sets ``OCRFIX_FUZZ_SECONDS=600``.
FUZZ_SECONDS = float(os.environ.get("OCRFIX_FUZZ_SECONDS", "30"))
#: Seed of the first fuzz round (``OCRFIX_FUZZ_SEED``, a number or ``random``):
#: 0 by default, so that ``make test`` tries the same examples every time.
_seed = os.environ.get("OCRFIX_FUZZ_SEED", "0")
FUZZ_SEED = random.randrange(2**32) if _seed == "random" else int(_seed)

#: The fuzz run: rounds of many examples, repeated until its time is up
#: (tests/test_fuzz.py); a failure prints the blob that reproduces it.
settings.register_profile(
    "fuzz", max_examples=300, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])

#: The property tests (test_properties.py, test_words.py...) draw the same
#: examples on every ``make test`` (``derandomize``), like the fuzz run: CI
#: never fails on an example nobody has seen.  ``HYPOTHESIS_PROFILE=explore
#: make test`` draws new ones (and ``make fuzz`` runs the fuzz targets longer).
settings.register_profile("derandomized", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "derandomized"))
