#!/bin/sh
# Install the one-folder build (make package) for the current user, or under PREFIX:
#   packaging/install.sh                 -> ~/.local
#   PREFIX=/opt/claimdesk-root packaging/install.sh
# Layout: lib/claimdesk/ (the build), bin/claimdesk (a link), the desktop entry, the
# AppStream metainfo and the hicolor icons, so the menu shows Claimdesk with its icon.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PREFIX=${PREFIX:-$HOME/.local}
BUILD="$ROOT/dist/claimdesk"
[ -x "$BUILD/claimdesk" ] || { echo "no build in $BUILD: run make package first" >&2; exit 1; }

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$PREFIX/share/applications" "$PREFIX/share/metainfo"
rm -rf "$PREFIX/lib/claimdesk"
cp -r "$BUILD" "$PREFIX/lib/claimdesk"
ln -sf "$PREFIX/lib/claimdesk/claimdesk" "$PREFIX/bin/claimdesk"
install -m 644 "$ROOT/packaging/claimdesk.desktop" "$PREFIX/share/applications/claimdesk.desktop"
install -m 644 "$ROOT/packaging/io.claimdesk.Claimdesk.metainfo.xml" "$PREFIX/share/metainfo/"
for size in 16 32 48 64 128 256 512; do
  dir="$PREFIX/share/icons/hicolor/${size}x${size}/apps"
  mkdir -p "$dir"
  install -m 644 "$ROOT/resources/icons/claimdesk-$size.png" "$dir/claimdesk.png"
done
mkdir -p "$PREFIX/share/icons/hicolor/scalable/apps"
install -m 644 "$ROOT/resources/icons/claimdesk.svg" "$PREFIX/share/icons/hicolor/scalable/apps/"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$PREFIX/share/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$PREFIX/share/icons/hicolor" || true
echo "installed Claimdesk under $PREFIX (make sure $PREFIX/bin is on PATH)"
