# make build [ISSUE=645] · make test · make bench — each runs the set-up first.
ISSUE ?= 645
BIN := .venv/bin

.PHONY: setup build test bench

setup:
	bash scripts/setup.sh

build: setup
	$(BIN)/typeset build $(ISSUE)

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest -q

bench: setup
	$(BIN)/python bench/run.py
