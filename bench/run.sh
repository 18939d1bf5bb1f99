#!/bin/bash
# make bench: runs every bench/*.sh suite (except this one) against the release binary $1.
set -u
bin=${1:?usage: bench/run.sh NETLOOM}
rc=0
for b in "$(dirname "$0")"/*.sh; do
    [ "$(basename "$b")" = run.sh ] && continue
    echo "== $(basename "$b" .sh)"
    bash "$b" "$bin" || rc=1
done
exit $rc
