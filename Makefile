# The two commands of the README:
#   make demo   install, migrate, load the demo group and serve it on http://127.0.0.1:8000
#               (another port: `make demo PORT=8001` or `ZEROHARM_PORT=8001 make demo`)
#   make test   install the test tools and run the whole suite (browser tests included)
.PHONY: demo test lint messages benchmark
BIN := .venv/bin
# Tests run in parallel, one process per core (pytest-xdist); `make test TEST_WORKERS=0` runs them in one process.
TEST_WORKERS ?= auto
# The demo's port: PORT on the command line, else ZEROHARM_PORT from the environment, else 8000 (a PORT left in
# the environment by something else is ignored: `:=` yields only to the command line).
PORT := $(or $(ZEROHARM_PORT),8000)

demo:
	scripts/setup.sh
	$(BIN)/zeroharm migrate --noinput -v0
	$(BIN)/zeroharm collectstatic --noinput -v0
	$(BIN)/zeroharm demo
	@echo "\nZeroHarm is at http://127.0.0.1:$(PORT)/ (Ctrl+C stops it)\n"
	ZEROHARM_HTTPS=false ZEROHARM_SITE_URL=http://127.0.0.1:$(PORT) $(BIN)/zeroharm serve --bind 127.0.0.1:$(PORT)

test:
	scripts/setup.sh dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup --durations=15 $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/lint-imports

# Refresh the translation catalogue after changing strings; then fill in zh_Hans and run it again.
messages:
	cd src/zeroharm && ../../$(BIN)/zeroharm makemessages -l zh_Hans --no-obsolete --no-location && ../../$(BIN)/zeroharm compilemessages -l zh_Hans

benchmark:
	scripts/setup.sh dev
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS)
