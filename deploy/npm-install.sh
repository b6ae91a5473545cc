#!/usr/bin/env bash
# Installs a folder's npm packages as its package-lock.json pins them, once per machine: npm ci into
# ~/.cache/viv/<folder name>-<lock hash>, then FOLDER/node_modules links there, so every clone after
# the first starts at once. Used for Azurite (deploy/azurite: about 360 MB, a minute and 100 CPU-s
# the first time) and the benchmark's socket.io relay (tests/Viv.Benchmarks/socket.io).
#   usage: deploy/npm-install.sh FOLDER
set -euo pipefail
here=$(cd "$1" && pwd)
name=$(basename "$here")
lock=$(sha256sum "$here/package-lock.json" | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/viv/$name-$lock"
# The cache gets its name only once npm ci succeeded.
if [ ! -d "$cache" ]; then
  command -v npm >/dev/null || { echo "$name needs Node.js and npm (Debian: apt-get install nodejs npm)"; exit 1; }
  rm -rf "$cache.partial"
  mkdir -p "$cache.partial"
  cp "$here/package.json" "$here/package-lock.json" "$cache.partial/"
  (cd "$cache.partial" && npm ci --no-audit --no-fund --loglevel=error)
  mv "$cache.partial" "$cache"
fi
ln -sfn "$cache/node_modules" "$here/node_modules"
