#!/usr/bin/env bash
# Installs Debian's chromium package and links it into .cache/bin, for the
# tests that load the web dashboard in a headless browser.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="$PWD/.cache/bin"
mkdir -p "$bin"

if [ ! -x /usr/bin/chromium ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
ln -sf /usr/bin/chromium "$bin/chromium"
