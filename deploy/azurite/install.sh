#!/usr/bin/env bash
# Installs Azurite, Microsoft's Azure Storage emulator, as pinned by package-lock.json, once per
# machine: npm ci into ~/.cache/viv/azurite-<lock hash> (about 360 MB, a minute and 100 CPU-s), then
# deploy/azurite/node_modules links there, so every clone after the first starts at once.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lock=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/viv/azurite-$lock"
if [ ! -x "$cache/node_modules/.bin/azurite" ]; then
  command -v npm >/dev/null || { echo "Azurite needs Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
  rm -rf "$cache.partial"
  mkdir -p "$cache.partial"
  cp "$here/package.json" "$here/package-lock.json" "$cache.partial/"
  (cd "$cache.partial" && npm ci --no-audit --no-fund --loglevel=error)
  rm -rf "$cache"
  mv "$cache.partial" "$cache"
fi
ln -sfn "$cache/node_modules" "$here/node_modules"
