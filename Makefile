# ocrfix — every target works on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED003 := $(filter-out %.clean.txt,$(wildcard seeds/003_*.txt))

.PHONY: install test demo clean-demo corpus eval eval-peers bench

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest

demo: install
	$(BIN)/ocrfix batch seeds/ --force
	$(BIN)/ocrfix diff --stat $(SEED003)

clean-demo:
	rm -f seeds/*.clean.txt

# --- measuring (issue 3) ---
PEERS_STAMP := $(VENV)/.peers-stamp

corpus: install
	$(BIN)/python -m ocrfix.corpus

# tables of ocrfix on the development corpus, and the quality floors
eval: corpus
	$(BIN)/python -m ocrfix.corpus eval

$(PEERS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,peers]'
	touch $(PEERS_STAMP)

# the same tables for ftfy, symspellpy and wordninja-pp (not part of make test)
eval-peers: corpus $(PEERS_STAMP)
	$(BIN)/python -m ocrfix.corpus eval --peers

# speed and memory beside ftfy, written to BENCHMARKS.md
bench: install
	$(BIN)/python -m ocrfix.bench --output BENCHMARKS.md
