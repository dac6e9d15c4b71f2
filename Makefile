# make workbench (starts the workbench and opens the browser) · make build [ISSUE=645] · make test · make test-fast
# · make bench · make fuzz [FUZZ=20000] — each runs the set-up first.
ISSUE ?= 645
BIN := .venv/bin

.PHONY: setup workbench build test test-fast bench fuzz

setup:
	bash scripts/setup.sh

workbench: setup
	$(BIN)/typeset serve --open

build: setup
	$(BIN)/typeset build $(ISSUE)

test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy typeset
	$(BIN)/pytest -q

# The edit–test loop (under 30 s): the composer (with its golden text), numbering, the reader's
# checks and the structure; pure Python, no browser, LibreOffice or server. `make test` runs everything.
FAST := tests/compose tests/numbering tests/test_architecture.py tests/contributions/test_shape.py \
	tests/contributions/test_yaml_edit.py tests/reader/test_bad_input.py tests/reader/test_valid_cache.py tests/test_errors.py
test-fast: setup
	$(BIN)/pytest -q $(FAST)

bench: setup
	$(BIN)/python bench/run.py

# A long fuzz campaign of the reader and composer: FUZZ examples per property (see tests/safety/test_fuzz.py).
FUZZ ?= 20000
fuzz: setup
	TYPESET_FUZZ_EXAMPLES=$(FUZZ) $(BIN)/pytest -q -p no:cacheprovider --hypothesis-show-statistics tests/safety/test_fuzz.py
