#!/usr/bin/env bash
# Installs Debian's redis-server package (Redis 7.0) and links the server and
# redis-cli into .cache/bin. Tests in contrib/redissensor start their own server on
# a free 127.0.0.1 port without persistence; the service the package may have
# started is stopped so that nothing else listens.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${STREAMOTEL_TOOLS:-$PWD/.cache/bin}"
mkdir -p "$bin"

if ! command -v redis-server >/dev/null; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null
	if command -v systemctl >/dev/null && systemctl is-active --quiet redis-server 2>/dev/null; then
		$sudo systemctl disable --now redis-server
	elif command -v service >/dev/null; then
		$sudo service redis-server stop >/dev/null 2>&1 || true
	fi
fi
ln -sf "$(command -v redis-server)" "$bin/redis-server"
ln -sf "$(command -v redis-cli)" "$bin/redis-cli"
