#!/usr/bin/env bash
# The README's first command: install what is missing, build, open the inspector on the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product ponder
exec .build/release/ponder "$@"
