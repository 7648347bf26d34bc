#!/usr/bin/env bash
# Installs Debian's prometheus package (which brings promtool) and links both
# programs into .cache/bin. Tests start their own Prometheus on a free
# 127.0.0.1 port; the service the package may have started is stopped so that
# nothing else listens.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$PWD/.cache/bin"
mkdir -p "$bin"

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus >/dev/null
	if command -v systemctl >/dev/null && systemctl is-active --quiet prometheus 2>/dev/null; then
		$sudo systemctl disable --now prometheus
	elif command -v service >/dev/null; then
		$sudo service prometheus stop >/dev/null 2>&1 || true
	fi
fi
ln -sf "$(command -v prometheus)" "$bin/prometheus"
ln -sf "$(command -v promtool)" "$bin/promtool"
