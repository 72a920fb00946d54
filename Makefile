# Two commands for a new user: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
APP_STAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed
PKG_STAMP := $(VENV)/.installed-package
DEMO_DB ?= $(CURDIR)/.demo/claimdesk.db

.PHONY: run test test-package bench lint package clean model test-peers bench-peers

# `make run` installs what the app needs (and the PostgreSQL driver for a team database);
# `make test` adds the test tools; the PyInstaller build is `make package`/`test-package`.
$(APP_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[postgres]"
	touch $(APP_STAMP)

$(STAMP): $(APP_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[dev,postgres]"
	touch $(STAMP)

run: $(APP_STAMP)
	mkdir -p $(dir $(DEMO_DB))
	$(BIN)/claimdesk --db "$(DEMO_DB)" --demo

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not package and not peers"

# The PyInstaller build and the tests of the built bundle (minutes): CI runs it after `test`.
test-package: $(STAMP) $(PKG_STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m package tests/test_packaging.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -s -m bench tests/bench -p no:cacheprovider

# Optional, never part of `make test` or CI: the real Label Studio 1.23.2 and doccano 1.8.4,
# each installed in its own virtualenv under $(PEERS) (minutes, once) and run on 127.0.0.1;
# `test-peers` loads our exports into them and their exports back, `bench-peers` also times
# the same work side by side with Claimdesk on PEERS_N realistic articles.
PEERS ?= /tmp/claimdesk-peers
PEERS_N ?= 1000
test-peers: $(STAMP)
	CLAIMDESK_PEERS="$(PEERS)" QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m peers tests/peers -p no:cacheprovider

bench-peers: test-peers
	CLAIMDESK_PEERS="$(PEERS)" QT_QPA_PLATFORM=offscreen $(BIN)/python tests/peers/peer_bench.py --n $(PEERS_N)

# Rebuild the shipped claim model and its card from the CT24 data (deterministic; ~3 min).
CT24 ?= $(CURDIR)/../shared/data/ct24
model: $(STAMP)
	$(BIN)/python -m desktop.core.nlp.base_model --data "$(CT24)"

lint: $(STAMP)
	$(BIN)/ruff check desktop tests
	$(BIN)/lint-imports

# A one-folder build in dist/claimdesk/ (run dist/claimdesk/claimdesk); see packaging/.
$(PKG_STAMP): $(APP_STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[package]"
	touch $(PKG_STAMP)

package: $(PKG_STAMP)
	@start=$$(date +%s); \
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build \
		packaging/claimdesk.spec && \
	echo "built dist/claimdesk in $$(( $$(date +%s) - start )) s, size $$(du -sh dist/claimdesk | cut -f1)"

clean:
	rm -rf $(VENV) .demo build dist
