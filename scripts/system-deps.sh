#!/usr/bin/env bash
# Install the Debian packages the app needs that are not installed yet (see
# packaging/debian-packages.txt), plus python3-venv when this Python lacks ensurepip.
# With arguments, the packages of those lists instead (`make test`:
# packaging/debian-test-packages.txt, the PostgreSQL server of the store tests).
# Does nothing on systems without apt/dpkg; set EXPLORER_SKIP_SYSTEM_DEPS=1 to skip.
set -euo pipefail
[ "${EXPLORER_SKIP_SYSTEM_DEPS:-0}" = 1 ] && exit 0
command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0

here=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-python3}
lists=("$@")
[ ${#lists[@]} -eq 0 ] && lists=("$here/packaging/debian-packages.txt")
wanted=$(cat "${lists[@]}" | grep -v '^\s*#' | awk 'NF {print $1}')
if [ $# -eq 0 ] && ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
  wanted="$wanted python3-venv"
fi

missing=()
for package in $wanted; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${missing[*]}"
if [ "$(id -u)" = 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Please install as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
