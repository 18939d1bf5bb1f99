#!/bin/bash
# Runs every benchmark bench/*.sh (except this one) with the netloom binary in $1.
set -u
bin=$(cd "$(dirname "${1:?usage: bench/run.sh NETLOOM_BINARY}")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
rc=0
for b in "$here"/*.sh; do
    [ "$(basename "$b")" = run.sh ] && continue
    echo "== bench/$(basename "$b")"
    bash "$b" "$bin" || rc=1
done
exit $rc
