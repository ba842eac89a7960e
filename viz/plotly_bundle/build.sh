#!/bin/sh
# Rebuilds plotly-mlpath.min.js from plotly.js's npm package (see build.mjs and docs/viz.md).
#   viz/plotly_bundle/build.sh          install the pinned packages (npm ci) and write the bundle
#   viz/plotly_bundle/build.sh --check  the same into a temporary file, and fail unless it is the committed one
# Needs Node.js 18 or later and npm; the pages themselves never need Node.
set -eu
cd "$(dirname "$0")"
npm ci --ignore-scripts --no-audit --no-fund --silent
if [ "${1:-}" = "--check" ]; then
    tmp=$(mktemp)
    trap 'rm -f "$tmp"' EXIT
    node build.mjs "$tmp" >/dev/null
    if cmp -s "$tmp" plotly-mlpath.min.js; then
        echo "build.sh: plotly-mlpath.min.js is what the pinned packages build"
    else
        echo "build.sh: plotly-mlpath.min.js differs from what the pinned packages build" >&2
        exit 1
    fi
else
    node build.mjs
fi
