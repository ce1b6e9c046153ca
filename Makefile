# followthrough: `make run` and `make test` are all a new user needs (python3 and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# optional extras to install: `make test EXTRAS=dev,ocr` adds OCR (see README; .ci/run does it)
EXTRAS ?= dev
comma := ,
STAMP := $(VENV)/.installed-$(subst $(comma),-,$(EXTRAS))-$(shell cat pyproject.toml requirements.lock | cksum | cut -d' ' -f1)

.PHONY: run run-dask test bench bench-link soak eval renditions clean

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[$(EXTRAS)]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)
	$(BIN)/followthrough run corpus/papers --manifest corpus/manifest.csv --out outputs

# The same run on a Dask LocalCluster (the dev extra installs dask[distributed]); same tables.
run-dask: $(STAMP)
	$(BIN)/followthrough run corpus/papers --manifest corpus/manifest.csv --engine dask --out outputs-dask

test: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python bench/run_bench.py

# Linking at 10k, 50k and 200k synthetic recommendations made from the dev set's (run `make eval` first).
bench-link: $(STAMP)
	$(BIN)/python bench/link_bench.py --source outputs/dev

# Parent memory and speed on 1k/5k/20k synthetic papers, local and Dask engines (about an hour on 2 cores).
soak: $(STAMP)
	$(BIN)/python bench/soak.py

# Accuracy on the hand-labelled dev set: papers in tests/dev/papers/<set>/, gold in tests/dev/gold/<set>/.
eval: $(STAMP)
	@test -d tests/dev/papers || { echo "make eval: tests/dev/papers/ is missing; put the dev-set papers there, one folder per gold set (tests/dev/papers/<set>/)" >&2; exit 2; }
	$(BIN)/followthrough run tests/dev/papers --out outputs/dev
	$(BIN)/followthrough evaluate tests/dev/gold outputs/dev --json bench/results/accuracy.json

# Re-render the seed PDFs from corpus/renditions/html (needs LibreOffice: libreoffice-writer-nogui).
renditions: $(STAMP)
	$(BIN)/python corpus/render_seeds.py

clean:
	rm -rf $(VENV) outputs/*.parquet
