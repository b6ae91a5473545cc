#!/usr/bin/env bash
# A Viv cluster on loopback from Debian packages, npm and the built project: its storage (Azurite,
# Microsoft's Azure Storage emulator, by default; redis-server with AOF for --storage redis), coturn
# (TURN on loopback, deploy/turnserver.conf), 2 Janus media servers (deploy/janus), 2 silos, 2 web
# nodes, nginx round robin in front, and Prometheus (deploy/prometheus) scraping the four nodes.
#   deploy/local-cluster.sh up [--storage azure|redis] | down | status
# VIV_CLUSTER_DIR (default /tmp/viv-local-cluster) holds data, logs and pids, and remembers the
# storage chosen at the first `up`; VIV_CLUSTER_PORT (default 8090) is the public port.
# VIV_AZURE_STORAGE, a connection string, runs the cluster on that account instead of a local
# Azurite (a real Azure account, or another cluster's Azurite); VIV_CLUSTER_ID (default viv)
# separates clusters sharing one. VIV_SCRAPE_SECONDS (default 5) is how often Prometheus scrapes. Builds the project in Release first, unless VIV_SKIP_BUILD=1
# (the test command has just built it).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${VIV_CLUSTER_DIR:-/tmp/viv-local-cluster}
port=${VIV_CLUSTER_PORT:-8090}
redis_port=${VIV_REDIS_PORT:-6390}
turn_port=${VIV_TURN_PORT:-3478}
janus_port=${VIV_JANUS_PORT:-8187}      # Janus n's WebSocket listens on janus_port + n
azurite_port=${VIV_AZURITE_PORT:-10100} # blob; queue and table on the next two
web_port=${VIV_WEB_PORT:-5100}          # web node n listens on web_port + n
silo_http_port=${VIV_SILO_HTTP_PORT:-5200}
silo_port=${VIV_SILO_PORT:-11110}
gateway_port=${VIV_GATEWAY_PORT:-30000}
metrics_port=${VIV_METRICS_PORT:-9300}  # web node n answers scrapes on metrics_port + n, silo n on metrics_port + 10 + n
prometheus_port=${VIV_PROMETHEUS_PORT:-9390}
cluster_id=${VIV_CLUSTER_ID:-viv}
configuration=${VIV_CONFIGURATION:-Release}
silos=(1 2)
webs=(1 2)
januses=(1 2)

# Azurite's one account and key, the same on every machine (Microsoft documents both).
azurite_account="devstoreaccount1"
azurite_key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

storage() { cat "$dir/storage" 2>/dev/null || echo azure; }

# The environment that points a node at the cluster's storage.
storage_env() {
  if [ "$(storage)" = redis ]; then
    echo "Viv__Redis=127.0.0.1:$redis_port"
  elif [ -n "${VIV_AZURE_STORAGE:-}" ]; then
    echo "Viv__AzureStorage=$VIV_AZURE_STORAGE"
  else
    local endpoint="http://127.0.0.1"
    echo "Viv__AzureStorage=DefaultEndpointsProtocol=http;AccountName=$azurite_account;AccountKey=$azurite_key;BlobEndpoint=$endpoint:$azurite_port/$azurite_account;QueueEndpoint=$endpoint:$((azurite_port + 1))/$azurite_account;TableEndpoint=$endpoint:$((azurite_port + 2))/$azurite_account;"
  fi
}

need() {
  [ "$(storage)" = redis ] || [ -n "${VIV_AZURE_STORAGE:-}" ] || "$root/deploy/npm-install.sh" "$root/deploy/azurite"
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v turnserver >/dev/null || missing+=(coturn)
  command -v janus >/dev/null || missing+=(janus)
  command -v prometheus >/dev/null || missing+=(prometheus)
  [ ${#missing[@]} -eq 0 ] && return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

alive() { [ -f "$dir/$1.pid" ] && kill -0 "$(cat "$dir/$1.pid")" 2>/dev/null; }

start() { # name, working dir, command...
  local name=$1 cwd=$2; shift 2
  alive "$name" && return 0
  # Appended after a line marking the start: a node started again (after a kill or a stop) keeps what it
  # logged before, which is what explains why it was restarted.
  echo "--- $name started $(date -u +%Y-%m-%dT%H:%M:%SZ)" >>"$dir/$name.log"
  (cd "$cwd" && exec "$@" >>"$dir/$name.log" 2>&1 </dev/null) &
  echo $! >"$dir/$name.pid"
}

wait_ready() { # name, url, the status it answers when ready (200 unless told)
  for _ in $(seq 1 120); do
    [ "$(curl -sS -o /dev/null -w '%{http_code}' "$2" 2>/dev/null)" = "${3:-200}" ] && return 0
    alive "$1" || { echo "$1 exited; its log:"; tail -20 "$dir/$1.log"; return 1; }
    sleep 0.5
  done
  echo "$1 not ready at $2"; return 1
}

# Every silo places calls on every Janus of the cluster (Viv:Media:Janus).
media_env() {
  for n in "${januses[@]}"; do
    local i=$((n - 1))
    echo "Viv__Media__Janus__${i}__Name=janus-$n"
    echo "Viv__Media__Janus__${i}__Url=ws://127.0.0.1:$((janus_port + n))"
    echo "Viv__Media__Janus__${i}__ApiSecret=$(secret "janus-$n-api-secret")"
    echo "Viv__Media__Janus__${i}__AdminKey=$(secret "janus-$n-admin-key")"
  done
}

silo() { # n, extra args...
  local n=$1; shift
  local media
  mapfile -t media < <(media_env)
  start "silo-$n" "$root/silo" env "$(storage_env)" "${media[@]}" Viv__ClusterId="$cluster_id" Viv__NodeName="silo-$n" \
    Viv__SiloPort=$((silo_port + n)) Viv__GatewayPort=$((gateway_port + n)) ASPNETCORE_URLS="http://127.0.0.1:$((silo_http_port + n))" \
    Viv__Metrics="http://127.0.0.1:$((metrics_port + 10 + n))/" \
    dotnet "$root/silo/bin/$configuration/net10.0/Viv.Silo.dll" "$@"
}

# A secret generated once per cluster directory (the TURN secret, each Janus's API secret and admin key).
secret() { # file name
  [ -s "$dir/$1" ] || (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=' >"$dir/$1")
  cat "$dir/$1"
}

turn() {
  start turn "$dir" turnserver -c "$root/deploy/turnserver.conf" --static-auth-secret="$(secret turn-secret)" \
    --listening-port="$turn_port" --pidfile="$dir/turnserver.pid" --userdb="$dir/turndb"
}

# Each web node logs every refresh of its gateway list (every 5 s), so whoever restarts silos one after
# the other sees when every node counts the restarted one again (docs/operations.md).
web() {
  local n=$1
  start "web-$n" "$root/web" env "$(storage_env)" Viv__ClusterId="$cluster_id" Viv__NodeName="web-$n" \
    Logging__LogLevel__Orleans.Messaging.GatewayManager=Debug \
    Viv__Turn__Urls__0="turn:127.0.0.1:$turn_port?transport=udp" Viv__Turn__Urls__1="turn:127.0.0.1:$turn_port?transport=tcp" \
    Viv__Turn__Secret="$(secret turn-secret)" Viv__Metrics="http://127.0.0.1:$((metrics_port + n))/" \
    ASPNETCORE_URLS="http://127.0.0.1:$((web_port + n))" \
    dotnet "$root/web/bin/$configuration/net10.0/Viv.Web.dll" --contentRoot "$root/web"
}

# Janus n from deploy/janus, written with its secrets into $dir/janus-n; ICE on loopback only.
janus_instance() {
  local n=$1
  alive "janus-$n" && return 0
  JANUS_API_SECRET="$(secret "janus-$n-api-secret")" JANUS_ADMIN_KEY="$(secret "janus-$n-admin-key")" \
    JANUS_WS_PORT=$((janus_port + n)) "$root/deploy/janus/configure.sh" "$dir/janus-$n"
  start "janus-$n" "$dir" janus -F "$dir/janus-$n" --ice-enforce-list=127.0.0.1
}

nginx_conf() {
  cat >"$dir/nginx.conf" <<CONF
# Every proxied WebSocket holds two connections (browser and web node): 1024 a worker capped the
# cluster near 500 open pages (found by the presence fan-out benchmark). 8192 stays under this
# machine's limit of open files per process.
worker_processes 1;
worker_rlimit_nofile 18000;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections 8192; }
http {
  access_log $dir/nginx-access.log;
  client_body_temp_path $dir/nginx-tmp;
  proxy_temp_path $dir/nginx-tmp;
  fastcgi_temp_path $dir/nginx-tmp;
  uwsgi_temp_path $dir/nginx-tmp;
  scgi_temp_path $dir/nginx-tmp;
  client_max_body_size 10m;
  map \$http_upgrade \$connection_upgrade { default upgrade; '' close; }
  upstream viv_web {
    # Plain round robin: no ip_hash, no sticky sessions.
    server 127.0.0.1:$((web_port + 1)) max_fails=1 fail_timeout=5s;
    server 127.0.0.1:$((web_port + 2)) max_fails=1 fail_timeout=5s;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://viv_web;
      proxy_http_version 1.1;
      proxy_set_header Upgrade \$http_upgrade;
      proxy_set_header Connection \$connection_upgrade;
      proxy_set_header Host \$host:\$server_port;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto \$scheme;
      proxy_read_timeout 1h;
      # Only a node that cannot be reached is tried past and marked down for fail_timeout. A 503 is a
      # node's answer (a silo just lost, or the node unready) with its Retry-After: counted as a failure,
      # one silo's death marked both nodes down and nginx answered 502 to everyone for 5 s.
      proxy_next_upstream error timeout;
    }
  }
}
CONF
}

# Prometheus scrapes every node (deploy/prometheus/configure.sh), keeping its data under the cluster directory.
prometheus_server() {
  alive prometheus && return 0
  local targets=()
  for n in "${webs[@]}"; do targets+=("web-$n=127.0.0.1:$((metrics_port + n))"); done
  for n in "${silos[@]}"; do targets+=("silo-$n=127.0.0.1:$((metrics_port + 10 + n))"); done
  VIV_SCRAPE_TARGETS="${targets[*]}" "$root/deploy/prometheus/configure.sh" "$dir/prometheus"
  start prometheus "$dir/prometheus" prometheus --config.file="$dir/prometheus/prometheus.yml" \
    --storage.tsdb.path="$dir/prometheus/data" --web.listen-address="127.0.0.1:$prometheus_port"
}

redis() {
  mkdir -p "$dir/redis"
  alive redis && return 0
  redis-server --port "$redis_port" --bind 127.0.0.1 --dir "$dir/redis" --appendonly yes --appendfsync everysec \
    --save "" --daemonize no >"$dir/redis.log" 2>&1 &
  echo $! >"$dir/redis.pid"
  for _ in $(seq 1 50); do redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break; sleep 0.1; done
}

answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/" 2>/dev/null)" != 000 ]; }

# Azurite keeps its data under the cluster directory, so a cluster brought down and up again finds it.
azurite() {
  mkdir -p "$dir/azurite"
  start azurite "$dir" "$root/deploy/azurite/node_modules/.bin/azurite" --location "$dir/azurite" --skipApiVersionCheck \
    --disableTelemetry --blobPort "$azurite_port" --queuePort "$((azurite_port + 1))" --tablePort "$((azurite_port + 2))"
  # Ready once all three services answer; not read from its log, which keeps the lines of earlier starts.
  for _ in $(seq 1 1200); do
    answers "$azurite_port" && answers "$((azurite_port + 1))" && answers "$((azurite_port + 2))" && return 0
    alive azurite || break
    sleep 0.1
  done
  echo "Azurite did not start; its log:"; tail -20 "$dir/azurite.log"; return 1
}

up() {
  mkdir -p "$dir/nginx-tmp"
  [ -n "${1:-}" ] && echo "$1" >"$dir/storage"
  need
  [ "${VIV_SKIP_BUILD:-0}" = 1 ] || dotnet build "$root/Viv.Orleans.sln" -c "$configuration" -nologo -v quiet
  if [ "$(storage)" = redis ]; then
    redis
  elif [ -z "${VIV_AZURE_STORAGE:-}" ]; then
    azurite
  fi
  turn
  for n in "${januses[@]}"; do janus_instance "$n"; done
  # Janus answers plain HTTP on its WebSocket port with 403.
  for n in "${januses[@]}"; do wait_ready "janus-$n" "http://127.0.0.1:$((janus_port + n))/" 403; done
  for n in "${silos[@]}"; do silo "$n"; done
  for n in "${silos[@]}"; do wait_ready "silo-$n" "http://127.0.0.1:$((silo_http_port + n))/readyz"; done
  for n in "${webs[@]}"; do web "$n"; done
  for n in "${webs[@]}"; do wait_ready "web-$n" "http://127.0.0.1:$((web_port + n))/readyz"; done
  if ! alive nginx; then
    nginx_conf
    /usr/sbin/nginx -c "$dir/nginx.conf"
  fi
  wait_ready nginx "http://127.0.0.1:$port/healthz"
  prometheus_server
  wait_ready prometheus "http://127.0.0.1:$prometheus_port/-/ready"
  echo "Viv cluster is up on $(storage): http://127.0.0.1:$port/ (Prometheus: http://127.0.0.1:$prometheus_port/)"
}

stop() { # names: asked to stop together, each killed if still running after 10 s
  local name
  for name in "$@"; do
    if alive "$name"; then kill "$(cat "$dir/$name.pid")" 2>/dev/null || true; fi
  done
  for name in "$@"; do
    for _ in $(seq 1 100); do alive "$name" || break; sleep 0.1; done
    alive "$name" && kill -9 "$(cat "$dir/$name.pid")" 2>/dev/null || true
    rm -f "$dir/$name.pid"
  done
}

# Web nodes first, then silos, and the storage last: a silo that stops writes itself Dead in the
# membership table, which it cannot do once the storage is gone. When everything was asked to stop at
# once, the silos found their previous incarnations still listed after "up" ("Detected older version
# of myself"), and the first sign-in waited 30 s on a grain placement (ClusterTests A_restarted_cluster_…).
down() {
  [ -f "$dir/nginx.pid" ] && /usr/sbin/nginx -c "$dir/nginx.conf" -s quit 2>/dev/null || true
  stop prometheus web-1 web-2
  stop silo-1 silo-2
  stop janus-1 janus-2 turn redis azurite
  echo "Viv cluster is down (data kept in $dir)."
}

status() {
  local store=azurite
  [ "$(storage)" = redis ] && store=redis
  for name in "$store" turn janus-1 janus-2 silo-1 silo-2 web-1 web-2 nginx prometheus; do
    if alive "$name"; then echo "$name: running (pid $(cat "$dir/$name.pid"))"; else echo "$name: stopped"; fi
  done
  echo "Prometheus: http://127.0.0.1:$prometheus_port/ (queries: docs/operations.md)"
  for n in "${webs[@]}"; do echo "web-$n metrics: http://127.0.0.1:$((metrics_port + n))/metrics"; done
  for n in "${silos[@]}"; do echo "silo-$n metrics: http://127.0.0.1:$((metrics_port + 10 + n))/metrics"; done
}

case "${1:-}" in
  up)
    case "${2:-}" in
      "") up ;;
      --storage) [[ "${3:-}" =~ ^(azure|redis)$ ]] || { echo "--storage is azure or redis"; exit 2; }; up "$3" ;;
      *) echo "usage: $0 up [--storage azure|redis]"; exit 2 ;;
    esac ;;
  down) down ;;
  status) status ;;
  silo|web) "$1" "$2" ;;
  janus) janus_instance "$2" ;;
  *) echo "usage: $0 up [--storage azure|redis] | down | status"; exit 2 ;;
esac
