#!/usr/bin/env bash
# Renders Viv's PNG icons from wwwroot/icons/icon.svg. Run by hand after changing the icon
# (needs Debian's librsvg2-bin) and commit the PNGs: nothing renders icons at build or run time.
set -euo pipefail
cd "$(dirname "$0")/wwwroot/icons"
# The maskable icon fills the whole square, since the platform cuts its own shape, and shrinks the
# camera to 80% so it stays inside the safe circle; the apple-touch icon is the same (iOS rounds it).
maskable=$(mktemp --suffix=.svg)
trap 'rm -f "$maskable"' EXIT
sed -e 's/ rx="112"//' \
    -e 's|<rect x="96"|<g transform="translate(256 256) scale(0.8) translate(-256 -256)"><rect x="96"|' \
    -e 's|\(<path .*/>\)|\1</g>|' icon.svg > "$maskable"
rsvg-convert -w 192 -h 192 icon.svg -o icon-192.png
rsvg-convert -w 512 -h 512 icon.svg -o icon-512.png
rsvg-convert -w 512 -h 512 "$maskable" -o maskable-512.png
rsvg-convert -w 180 -h 180 "$maskable" -o apple-touch-icon.png
