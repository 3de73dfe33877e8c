# Two commands for a fresh machine:  make app  (install, build the index if needed, start the app)
#                                    make test (install, lint, run the tests)
VENV    ?= .venv
PYTHON  ?= python3
BIN     := $(VENV)/bin
CORPUS  ?= corpus
INDEX   ?= index
PORT    ?= 8501

.PHONY: install app index test lint browser bench bench-start clean

$(BIN)/.installed: pyproject.toml
	@echo "[1/3] creating $(VENV)"
	@$(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@echo "[2/3] installing PyTorch 2.13.0 for CPU (about 200 MB; used to build the index, not to answer)"
	@$(BIN)/python -m pip install --quiet --progress-bar on "torch==2.13.0"
	@echo "[3/3] installing the project and its dependencies"
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --progress-bar on -e ".[test]"  # no setuptools notes
	@touch $@

install: $(BIN)/.installed

index: install
	$(BIN)/rag build --corpus $(CORPUS) --index $(INDEX)

app: index
	@echo "starting the app on http://localhost:$(PORT) (PORT=… to change)"
	@$(BIN)/python -m ui.serve --server.port $(PORT) --server.headless true --browser.gatherUsageStats false \
		--server.fileWatcherType none

lint: install
	$(BIN)/ruff check rag ui tests benchmarks eval app.py
	$(BIN)/ruff format --check rag ui tests benchmarks eval app.py
	$(BIN)/mypy

# The browser test drives Debian's chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } || \
		echo "chromium could not be installed: the browser test will be skipped"

# Ray (an optional extra, about 80 MB) for the test of `rag build --ray` on a local cluster.
$(BIN)/.ray: $(BIN)/.installed
	@echo "installing the optional Ray extra for its test"
	@PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet --progress-bar on -e ".[test,ray]"
	@touch $@

test: lint browser $(BIN)/.ray
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python benchmarks/run.py

bench-start: install
	$(BIN)/python benchmarks/start.py

clean:
	rm -rf $(VENV) $(INDEX) .pytest_cache .ruff_cache
