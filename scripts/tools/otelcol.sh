#!/usr/bin/env bash
# Builds the OpenTelemetry Collector described by
# examples/collector/builder-config.yaml into .cache/bin/otelcol-streamotel.
# Idempotent: rebuilds only when the manifest changes.
set -euo pipefail
cd "$(dirname "$0")/../.."
# The build happens under .cache, inside the repository: the root go.work
# must not take it for a workspace module.
export GOWORK=off
root=$PWD
bin="$root/.cache/bin"
manifest=examples/collector/builder-config.yaml
builder_version=v0.161.0
mkdir -p "$bin"

stamp="$bin/otelcol-streamotel.sha256"
want=$( (sha256sum "$manifest"; echo "$builder_version") | sha256sum | cut -d' ' -f1)
if [ -x "$bin/otelcol-streamotel" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
	exit 0
fi

if ! "$bin/builder" version 2>/dev/null | grep -q "${builder_version#v}"; then
	GOBIN="$bin" go install "go.opentelemetry.io/collector/cmd/builder@$builder_version"
fi
"$bin/builder" --config "$manifest"
cp .cache/otelcol-build/otelcol-streamotel "$bin/otelcol-streamotel"
echo "$want" >"$stamp"
