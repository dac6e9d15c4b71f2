# make workbench (starts the workbench and opens the browser) · make build [ISSUE=645] · make test · make bench · make fuzz [FUZZ=20000] — each runs the set-up first.
ISSUE ?= 645
BIN := .venv/bin

.PHONY: setup workbench build test bench fuzz

setup:
	bash scripts/setup.sh

workbench: setup
	$(BIN)/typeset serve --open

build: setup
	$(BIN)/typeset build $(ISSUE)

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/run.py

# A long fuzz campaign of the reader and composer: FUZZ examples per property (see tests/safety/test_fuzz.py).
FUZZ ?= 20000
fuzz: setup
	TYPESET_FUZZ_EXAMPLES=$(FUZZ) $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/safety/test_fuzz.py
