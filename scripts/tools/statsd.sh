#!/usr/bin/env bash
# Installs Etsy's statsd daemon (npm package "statsd") under .cache/statsd and a
# launcher .cache/bin/statsd that runs it with a config file given as its
# argument. Idempotent: does nothing when the pinned version is installed.
# The end-to-end tests in internal/e2e run it on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=0.9.0
prefix="$PWD/.cache/statsd"
bin="${STREAMOTEL_TOOLS:-$PWD/.cache/bin}"
mkdir -p "$bin"

have=$(node -p "require('$prefix/node_modules/statsd/package.json').version" 2>/dev/null || true)
if [ "$have" != "$version" ]; then
	if ! command -v npm >/dev/null; then
		if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
		else
			echo "statsd.sh: npm not found; install Node.js and npm (Debian: apt-get install nodejs npm)" >&2
			exit 1
		fi
	fi
	# The optional dependencies (syslog, hashring for the repeater) are not
	# needed by the console backend and one of them builds native code.
	npm install --prefix "$prefix" --omit=optional --no-audit --no-fund "statsd@$version"
fi

cat > "$bin/statsd.tmp" <<LAUNCHER
#!/bin/sh
# Runs Etsy's statsd daemon: statsd CONFIG.js
exec node "$prefix/node_modules/statsd/stats.js" "\$@"
LAUNCHER
chmod +x "$bin/statsd.tmp"
mv "$bin/statsd.tmp" "$bin/statsd"
