# Two entry points (see README Quickstart): `make run` (build, validate, query) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STORE  := build/store
STAMP  := $(VENV)/.installed

.PHONY: run test install docs bench clean

# Debian tools the tests drive as a user would: rapper (an independent RDF parser) and a headless
# Chromium. Installed when missing and we may (root with apt-get); otherwise those tests skip.
SYSTEM_TOOLS := rapper:raptor2-utils chromium:chromium

$(STAMP): pyproject.toml
	@for t in $(SYSTEM_TOOLS); do cmd=$${t%%:*}; pkg=$${t#*:}; \
	  if ! command -v $$cmd >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkg >/dev/null) \
	      || echo "warning: could not install $$pkg; tests that need $$cmd will skip" >&2; \
	  fi; done
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: build the graph from data/articles, validate it, check the ontology, run every saved query
run: $(STAMP)
	$(BIN)/kg build data/articles --store $(STORE)
	$(BIN)/kg validate --store $(STORE)
	$(BIN)/kg check-ontology --with-data --store $(STORE)
	$(BIN)/kg export --store $(STORE) --format trig -o build/kg.trig
	$(BIN)/kg export --store $(STORE) --format turtle -o build/kg.ttl
	@mkdir -p build/results
	@for q in $$($(BIN)/kg queries --names --runnable); do \
	  $(BIN)/kg query $$q --store $(STORE) --format csv > build/results/$$q.csv || exit 1; \
	done; echo "saved query results: build/results/*.csv" >&2
	$(BIN)/kg query who-asserts-taiwan-link --store $(STORE)

## test: the whole test suite
test: $(STAMP)
	$(BIN)/python -m pytest -q

## docs: regenerate docs/queries.md (real output of every saved query on the seed corpus),
## docs/cli.md (every command's --help) and ontology/context.jsonld (from kg.namespaces)
docs: $(STAMP)
	$(BIN)/python scripts/gen_query_docs.py
	$(BIN)/python scripts/gen_cli_docs.py
	$(BIN)/python -c "from kg.rdfio.write import write_context_file; write_context_file()"

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf build
