# ocrfix — every target works on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED003 := $(filter-out %.clean.txt,$(wildcard seeds/003_*.txt))

.PHONY: install test demo clean-demo

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest

demo: install
	$(BIN)/ocrfix batch seeds/ --force
	$(BIN)/ocrfix diff --stat $(SEED003)

clean-demo:
	rm -f seeds/*.clean.txt

# issue 9: local pool against a 2-worker Dask LocalCluster, and the 10-million-page estimate
.PHONY: bench-dask
BENCH_DASK_OUT ?= BENCHMARKS.md
bench-dask: install
	$(BIN)/python scripts/bench_dask.py --write $(BENCH_DASK_OUT)
