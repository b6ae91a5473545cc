#!/usr/bin/env bash
# Writes Viv's Janus configuration (this folder's .jcfg files) into a folder of its own, with the
# secrets and the listening address filled in, readable by its owner only. Then:
#   janus -F <folder> [--ice-enforce-list=… --nat-1-1=… --stun-server=… --rtp-port-range=…]
# JANUS_API_SECRET and JANUS_ADMIN_KEY (required): what Viv:Media:Janus gives each silo as ApiSecret
# and AdminKey. JANUS_WS_IP (default 127.0.0.1) and JANUS_WS_PORT (default 8188): where the silos
# reach its WebSocket, Viv:Media:Janus's Url.
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: JANUS_API_SECRET=… JANUS_ADMIN_KEY=… $0 <folder>" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
: "${JANUS_API_SECRET:?set JANUS_API_SECRET to a long random string}"
: "${JANUS_ADMIN_KEY:?set JANUS_ADMIN_KEY to a long random string}"
ip=${JANUS_WS_IP:-127.0.0.1}
port=${JANUS_WS_PORT:-8188}
for value in "$JANUS_API_SECRET" "$JANUS_ADMIN_KEY" "$ip"; do
  # The values go between double quotes in a libconfig file, through sed.
  [[ "$value" =~ ^[A-Za-z0-9._:-]+$ ]] || { echo "secrets and addresses may hold letters, digits and . _ : - only" >&2; exit 2; }
done
[[ "$port" =~ ^[0-9]+$ ]] || { echo "JANUS_WS_PORT must be a number" >&2; exit 2; }
umask 077
mkdir -p "$1"
for file in janus.jcfg janus.plugin.videoroom.jcfg janus.transport.websockets.jcfg; do
  sed -e "s/@API_SECRET@/$JANUS_API_SECRET/" -e "s/@ADMIN_KEY@/$JANUS_ADMIN_KEY/" \
    -e "s/@WS_IP@/$ip/" -e "s/@WS_PORT@/$port/" "$here/$file" >"$1/$file"
done
