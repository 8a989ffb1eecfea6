#!/usr/bin/env bash
# Build the wheel and run it as a user who pip-installed it: a clean venv, no source tree on
# the path, a fresh home and data folder. The wheel must carry the data and assets the app
# reads (package data, pyproject.toml); a missing file fails here, not on a user's machine.
# Run by CI (.ci/run) after `make setup` has fetched the web libraries and built the .qm.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
scratch=$(mktemp -d -t explorer-wheel-XXXXXX)
trap 'rm -rf "$scratch"' EXIT

.venv/bin/python -m build --wheel --outdir "$scratch/dist" . >"$scratch/build.log" 2>&1 ||
  { cat "$scratch/build.log"; exit 1; }
wheel=$(ls "$scratch"/dist/*.whl)
"$PYTHON" -m venv "$scratch/venv"
"$scratch/venv/bin/python" -m pip install --quiet "$wheel"

# Outside the checkout, so `import explorer` can only find the installed wheel.
cd "$scratch"
export HOME="$scratch/home" EXPLORER_DATA_DIR="$scratch/data" QT_QPA_PLATFORM=offscreen
mkdir -p "$HOME"
where=$("$scratch/venv/bin/python" -c 'import explorer, pathlib; print(pathlib.Path(explorer.__file__).parent)')
case "$where" in
  "$scratch"/venv/*) ;;
  *) echo "wheel smoke: explorer imported from $where, not the wheel" >&2; exit 1 ;;
esac
"$scratch/venv/bin/explorer" --version
"$scratch/venv/bin/explorer" --screenshot "$scratch/window.png"
size=$(stat -c %s "$scratch/window.png")
[ "$size" -gt 20000 ] || { echo "wheel smoke: screenshot only $size bytes" >&2; exit 1; }
events=$("$scratch/venv/bin/explorer" search 签约 | wc -l)
[ "$events" -gt 0 ] || { echo "wheel smoke: no events found in the bundled corpus" >&2; exit 1; }
echo "wheel smoke: ok (wheel $(basename "$wheel"), screenshot ${size} bytes, ${events} lines for 签约)"
