# Medvirk. `make help` lists the targets; `make run` and `make test` work from a fresh clone.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

UV_VERSION := 0.9.30
TOOLS := .tools
UV := $(TOOLS)/bin/uv
APP_ENV := .venv/.installed
BOT_ENV := .venv-bot/.installed

MODEL := models/medvirk.tar.gz
RASA_DATA := bot/data nlu_data/nb nlu_data/en
RASA_SOURCES := config.yml bot/domain.yml $(shell find $(RASA_DATA) -name '*.yml' 2>/dev/null)
RASA_ENV := RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2
RASA := $(RASA_ENV) .venv-bot/bin/rasa

IGLO_SOURCES := $(wildcard nlu_data/iglo/corpus/*.jsonl) nlu_data/iglo/taxonomy.json api/nlp/corpus.py
CORPUS := training/corpus/train.spacy
CLASSIFIER := models/iglo/meta.json
# The classifier trains on one thread and at lower priority, so that in `make models` the
# Rasa model (the longer job, and the one `make run` waits for) gets the second core
# whenever it can use it.
ONE_THREAD := OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# Python 3.10 for the bot environment: pyenv's newest 3.10 where pyenv has one, else uv's.
define find_python310
v=$$(pyenv versions --bare 2>/dev/null | grep -E '^3\.10\.[0-9]+$$' | sort -V | tail -n1 || true); \
if [ -n "$$v" ] && [ -x "$$(pyenv prefix $$v)/bin/python3.10" ]; then echo "$$(pyenv prefix $$v)/bin/python3.10"; \
else $(UV) python find 3.10 2>/dev/null || { $(UV) python install 3.10 >&2 && $(UV) python find 3.10; }; fi
endef

.PHONY: help setup run test test-app test-bot test-conversations validate lint format lock \
	model models migrate browser-deps clean corpus classifier eval bench bench-startup

help: ## List every target with what it does
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-20s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(APP_ENV): pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

$(BOT_ENV): bot/requirements.lock | $(UV)
	@[ -x .venv-bot/bin/python ] || $(UV) venv --quiet .venv-bot --python "$$($(find_python310))"
	$(UV) pip sync --quiet --python .venv-bot/bin/python bot/requirements.lock
	@touch $@

setup: $(APP_ENV) $(BOT_ENV) ## Build both environments (.venv for the app, .venv-bot for Rasa) from the lock files

lock: | $(UV) ## Re-resolve both lock files (uv.lock, bot/requirements.lock) after changing a dependency
	$(UV) lock
	$(UV) pip compile --quiet bot/requirements.in -o bot/requirements.lock \
		--python "$$($(find_python310))" --python-platform x86_64-manylinux_2_28

$(MODEL): $(RASA_SOURCES) | $(BOT_ENV)
	$(RASA) train --config config.yml --domain bot/domain.yml --data $(RASA_DATA) \
		--out models --fixed-model-name medvirk
	@touch $@

model: $(MODEL) ## Train the Rasa model, only when it is missing or its data or config changed

$(CORPUS): $(IGLO_SOURCES) | $(APP_ENV)
	.venv/bin/python -m api.nlp.corpus training/corpus

corpus: $(CORPUS) ## Convert the labelled IGLO corpus to spaCy's format, split train/dev/test

# The model kept is the one after the config's fixed 3,000 steps (model-last): spaCy's
# model-best is chosen on the category classifier's own dev score, which leaves out the
# voting and the polarity; dev scores are flat from step 2,750.
$(CLASSIFIER): $(CORPUS) api/nlp/config.cfg api/nlp/components.py api/nlp/calibrate.py \
		api/nlp/classifier.py api/nlp/placement.py \
		api/nlp/lexicon.py nlu_data/iglo/lexicon.json nlu_data/iglo/valence.json
	rm -rf training/iglo
	$(ONE_THREAD) nice -n 10 .venv/bin/python -m spacy train api/nlp/config.cfg --output training/iglo \
		--paths.train training/corpus/train.spacy --paths.dev training/corpus/dev.spacy \
		--code api/nlp/components.py
	.venv/bin/python -m api.nlp.calibrate training/iglo/model-last
	@# Swapped in whole and calibrated, for a running API that is waiting for it
	mkdir -p models && rm -rf models/iglo.new && cp -r training/iglo/model-last models/iglo.new
	rm -rf models/iglo && mv models/iglo.new models/iglo
	@touch $@

classifier: $(CLASSIFIER) ## Train the IGLO x JD-R classifier (spaCy) and calibrate its P threshold on dev

eval: $(CLASSIFIER) $(MODEL) ## Evaluate classifier, baseline, scrubber and the bot's intents on held-out data; report in var/reports/
	.venv/bin/python -m api.nlp.evaluate
	@for lang in nb en; do \
		$(RASA) test nlu --model $(MODEL) --nlu nlu_data/heldout/$$lang.yml \
			--out var/reports/intents-$$lang >/dev/null 2>&1 || exit 1; \
	done
	.venv-bot/bin/python bot/intent_report.py var/reports/intents-nb var/reports/intents-en

bench: $(CLASSIFIER) ## Benchmarks: classifier words/s and latency; answer ingestion and summary latency
	$(ONE_THREAD) .venv/bin/python -m api.nlp.bench
	$(ONE_THREAD) .venv/bin/python -m api.bench_api

bench-startup: ## Time a cold and a warm `make run` from a fresh clone until /api/health is 200
	.ci/measure-startup

migrate: $(APP_ENV) ## Apply the database migrations (DATABASE_URL, SQLite under var/ by default)
	.venv/bin/alembic upgrade head

models: setup ## Train the Rasa model and the classifier side by side, each only when stale
	$(MAKE) -j2 model classifier

run: setup model migrate ## Set up what is missing and start the API (:8000), Rasa and the action server; the classifier trains beside them when stale
	.venv/bin/medvirk run

validate: $(BOT_ENV) ## Check the Rasa domain, stories, rules and NLU data for consistency
	$(RASA) data validate --config config.yml --domain bot/domain.yml --data $(RASA_DATA)

test-conversations: $(MODEL) ## Run the conversation tests (tests/conversations) against the trained model
	$(RASA) test core --model $(MODEL) --stories tests/conversations --out var/rasa-test \
		--fail-on-prediction-errors

test-bot: $(BOT_ENV) ## Run the action server's unit tests in the bot environment
	.venv-bot/bin/python -m pytest -c tests/actions/pytest.ini tests/actions

test-app: $(APP_ENV) $(MODEL) $(CLASSIFIER) browser-deps ## Run the app's tests, end-to-end and browser tests included
	.venv/bin/python -m pytest

lint: $(APP_ENV) ## Check code style with ruff
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

format: $(APP_ENV) ## Format and fix the code with ruff
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

test: models browser-deps ## Run every test: lint, Rasa validation and conversations, actions, app, e2e, browser
	$(MAKE) lint
	$(MAKE) validate
	$(MAKE) test-conversations
	$(MAKE) test-bot
	$(MAKE) test-app

browser-deps: ## Install Debian's Chromium for the browser tests when missing and possible
	@if ! command -v chromium >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
		else echo "make: Chromium is missing and cannot be installed here; browser tests will be skipped"; fi; \
	fi

clean: ## Remove environments, models and local data (var/)
	rm -rf .venv .venv-bot $(TOOLS) models training var .pytest_cache .ruff_cache
