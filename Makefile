# Two entry points on a fresh machine: `make demo` and `make test`.
PY ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install lint bench clean

$(STAMP): pyproject.toml
	@command -v $(PY) >/dev/null 2>&1 || { echo "need $(PY) (Python 3.11)"; exit 1; }
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/tenure build
	@echo; echo "== Who led Blackpool when it was rated inadequate (dated by inspection)?"
	$(BIN)/tenure who-led Blackpool --rating inadequate
	@echo; echo "== Who led Lancashire when it was rated inadequate in 2015 (any role)?"
	$(BIN)/tenure who-led Lancashire --rating inadequate --role any
	@echo; echo "== York's timeline"
	$(BIN)/tenure authority York
	@echo; echo "== The reader's claim, part by part"
	$(BIN)/tenure check data/claims/blackpool-lancashire-york.yaml
	@echo; echo "== Interactive graph of the Blackpool-Lancashire-York neighbourhood"
	$(BIN)/tenure viz --authority Blackpool --authority Lancashire --authority York --out graph.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check . --select F,E9
	$(BIN)/mypy graph loaders queries --ignore-missing-imports

clean:
	rm -rf $(VENV) .tenure .pytest_cache
