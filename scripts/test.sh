#!/usr/bin/env bash
# The README's test command: install what is missing, build, run swift test (the same as .ci/run).
set -euo pipefail
exec "$(dirname "$0")/../.ci/run" "$@"
