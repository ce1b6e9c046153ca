# followthrough: `make run` and `make test` are all a new user needs (python3 and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: run test bench renditions clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/followthrough run corpus/papers --manifest corpus/manifest.csv --out outputs

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

# Re-render the seed PDFs from corpus/renditions/html (needs LibreOffice: libreoffice-writer-nogui).
renditions: $(STAMP)
	$(BIN)/python corpus/render_seeds.py

clean:
	rm -rf $(VENV) outputs/*.parquet
