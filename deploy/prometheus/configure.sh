#!/usr/bin/env bash
# Writes a Prometheus configuration for a Viv cluster into the directory $1: it scrapes every node's
# metrics listener (Viv:Metrics) and loads deploy/prometheus/rules.yml.
#   VIV_SCRAPE_SECONDS  how often each node is scraped (default 5)
#   VIV_SCRAPE_TARGETS  the nodes, "name=host:port" separated by spaces, e.g.
#                       "web-1=127.0.0.1:9301 silo-1=127.0.0.1:9311"
set -euo pipefail
out=$1
here=$(cd "$(dirname "$0")" && pwd)
interval=${VIV_SCRAPE_SECONDS:-5}
mkdir -p "$out"
cp "$here/rules.yml" "$out/rules.yml"
{
  echo "global:"
  echo "  scrape_interval: ${interval}s"
  echo "  evaluation_interval: ${interval}s"
  echo "rule_files: [rules.yml]"
  echo "scrape_configs:"
  echo "  - job_name: viv"
  echo "    static_configs:"
  for target in ${VIV_SCRAPE_TARGETS:?set VIV_SCRAPE_TARGETS}; do
    echo "      - targets: ['${target#*=}']"
    echo "        labels: {node: ${target%%=*}}"
  done
} >"$out/prometheus.yml"
