#!/usr/bin/env bash
# Install the built app (dist/explorer/, from `make dist`) for the current user, or with
# PREFIX=/opt/… and root for everyone: the folder, a `jiangmen-explorer` command, the desktop
# entry and the icons. The bundle carries this script too (explorer/_internal/packaging/).
#   packaging/install-linux.sh [BUNDLE]      # default: dist/explorer, or the bundle it sits in
#   packaging/install-linux.sh --uninstall
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ] && [ -z "${PREFIX:-}" ]; then
  PREFIX=/usr/local
fi
PREFIX=${PREFIX:-$HOME/.local}
app_dir=$PREFIX/lib/jiangmen-explorer
bin_link=$PREFIX/bin/jiangmen-explorer
share=${XDG_DATA_HOME:-$HOME/.local/share}
[ "$PREFIX" = "$HOME/.local" ] || share=$PREFIX/share
entry=$share/applications/jiangmen-explorer.desktop
icons=$share/icons/hicolor

refresh() {
  command -v update-desktop-database >/dev/null && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$icons" || true
}

if [ "${1:-}" = --uninstall ]; then
  rm -rf "$app_dir" "$bin_link" "$entry"
  find "$icons" -name 'jiangmen-explorer.*' -delete 2>/dev/null || true
  refresh
  echo "removed Jiangmen Explorer from $PREFIX"
  exit 0
fi

if [ -n "${1:-}" ]; then
  bundle=$(cd "$1" && pwd)
elif [ -x "$here/../../explorer" ]; then
  bundle=$(cd "$here/../.." && pwd)  # run from inside a bundle
else
  bundle=$(cd "$here/../dist/explorer" && pwd)
fi
[ -x "$bundle/explorer" ] || { echo "no built app in $bundle (run make dist)" >&2; exit 1; }
internal=$bundle/_internal

mkdir -p "$app_dir" "$(dirname "$bin_link")" "$(dirname "$entry")" "$icons"
if [ "$bundle" != "$app_dir" ]; then
  rm -rf "$app_dir"
  cp -a "$bundle" "$app_dir"
fi
ln -sfn "$app_dir/explorer" "$bin_link"
cp -r "$internal/explorer/assets/icons/hicolor/." "$icons/"
sed "s|^Exec=.*|Exec=$app_dir/explorer|" "$internal/packaging/jiangmen-explorer.desktop" >"$entry"
refresh
echo "installed Jiangmen Explorer in $app_dir; start it from the menu or with $bin_link"
