#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/run.sh: run the benchmarks (make bench, or make bench BENCH=record).
# Each bench/NAME.sh prints its figures beside a reference measured in the
# same run.  Benchmarks are never part of make check.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
: "${WIKIPIPE_BIN:=$(dirname "$here")/build/bin}"
PATH=$WIKIPIPE_BIN:$PATH
export PATH WIKIPIPE_BIN
mkdir -p "$here/out"
if [ $# -eq 0 ]; then set -- $(cd "$here" && ls *.sh | grep -v '^\(run\|lib\|.*-lib\)\.sh$' | sed 's/\.sh$//'); fi
for b; do
	echo "== bench/$b.sh"
	sh "$here/$b.sh"
done
