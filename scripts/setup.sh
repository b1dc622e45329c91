#!/usr/bin/env bash
# Create .venv and install ZeroHarm from the committed lock file.
#   scripts/setup.sh        runtime only (the demo); after `setup.sh dev` it keeps the test tools
#                           (remove .venv to go back to a runtime-only install)
#   scripts/setup.sh dev    runtime + test tools + a browser for the browser tests
set -euo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-run}"
PYTHON="${PYTHON:-python3}"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "ZeroHarm needs Python 3.11 or newer; $("$PYTHON" --version 2>&1) was found. Set PYTHON=/path/to/python3.11." >&2
  exit 1
}

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv 2>/dev/null; then
    echo "Installing python3-venv (Debian/Ubuntu ship venv separately)…"
    as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv >/dev/null || {
      echo "Please install python3-venv (apt-get install python3-venv) and run this again." >&2; exit 1; }
    rm -rf .venv && "$PYTHON" -m venv .venv
  fi
fi

# The venv keeps the widest mode ever installed: the dev lock holds the runtime lock and the test tools, so the
# runtime mode after `setup.sh dev` updates the dev install instead of syncing the test tools away.
INSTALL="$MODE"
[ -f .venv/.installed-dev ] && INSTALL=dev
LOCK=requirements.lock
[ "$INSTALL" = dev ] && LOCK=requirements-dev.lock
STAMP=".venv/.installed-$INSTALL"
if [ ! -f "$STAMP" ] || [ "$LOCK" -nt "$STAMP" ] || [ requirements.lock -nt "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check uv
  .venv/bin/uv pip sync -q --python .venv/bin/python "$LOCK"
  .venv/bin/uv pip install -q --python .venv/bin/python --no-deps -e .
  rm -f .venv/.installed-*
  touch "$STAMP"
fi

# Front-end packages (ECharts for the charts in the browser) from the npm registry through package-lock.json, served
# by Django from node_modules (core.staticfinders): never from a CDN at run time, never copied into the repository.
if [ ! -f node_modules/.installed ] || [ package-lock.json -nt node_modules/.installed ]; then
  if ! command -v npm >/dev/null; then
    command -v apt-get >/dev/null && as_root apt-get update -qq && as_root apt-get install -y -qq npm >/dev/null || {
      echo "ZeroHarm needs npm (Node.js) to install its chart library: install Node.js with npm" \
           "(apt-get install npm), then run this again." >&2
      exit 1; }
  fi
  npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  touch node_modules/.installed
fi

# Bytecode compiled once per install, here: a process that may not write it (PYTHONDONTWRITEBYTECODE set, a read-only
# venv) compiles every module it imports at each start, some 5 s of CPU before `zeroharm demo` writes anything.
if [ ! -f .venv/.bytecode ] || [ "$STAMP" -nt .venv/.bytecode ]; then
  .venv/bin/python -m compileall -q -j 0 .venv/lib >/dev/null || true
  touch .venv/.bytecode
fi
.venv/bin/python -m compileall -q src/zeroharm >/dev/null || true  # ours: only the modules changed since

# PDFs (risk notice cards, reports) are drawn by WeasyPrint: it needs pango, and a CJK font for Chinese.
if ! command -v fc-list >/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  if command -v apt-get >/dev/null && as_root apt-get update -qq \
      && as_root apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk >/dev/null; then
    echo "Installed pango and the Noto CJK fonts for PDFs."
  else
    echo "WARNING: no CJK font found and none could be installed: Chinese PDFs need one" \
         "(apt-get install fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0)." >&2
  fi
fi

if [ "$MODE" = dev ]; then
  # Browser tests drive Chromium: Debian's package where we can install it, else Playwright's own build.
  if [ ! -x /usr/bin/chromium ] && ! ls ~/.cache/ms-playwright/chromium-* >/dev/null 2>&1; then
    if command -v apt-get >/dev/null && as_root apt-get update -qq && as_root apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; then
      echo "Installed Debian's Chromium for the browser tests."
    else
      .venv/bin/playwright install chromium || {
        echo "No Chromium for the browser tests: install Debian's 'chromium' package or run '.venv/bin/playwright install chromium'." >&2
        exit 1; }
    fi
  fi
fi
