#!/usr/bin/env bash
# Runs a part of the tests under each Node LTS line the packages support besides the one CI runs
# on (Node 20): the built packages used from plain Node, then most of the queue-core, worker,
# published and media tests, with vitest launched by that Node (vitest and every process the tests
# start run in the Node that launches it). Prisma's client, sharp's libvips and BullMQ's scripts
# are exercised under each version. Needs `pnpm build` first.
#   bash tooling/node-versions/run.sh            # every version below
#   bash tooling/node-versions/run.sh 24.22.3    # one
set -euo pipefail
cd "$(dirname "$0")/../.."

# Pinned: the newest release of each line when this was written. The binaries come from the npm
# registry and are cached between runs (install-node.sh).
VERSIONS=("${@:-22.23.5 24.22.3}")
read -r -a VERSIONS <<<"${VERSIONS[*]}"

# The test files run under each version, as path filters. Left out, each taking half a minute or
# more and testing nothing that depends on the Node version: the worker's start under pnpm (a
# turbo build), its blog publishing (waits for the next cron minute) and dashboard in a browser,
# the media worker's memory on a large video and its clamd outage back-off.
TESTS=(
  packages/queue-core/test/
  tooling/published/test/
  packages/jobs-media/test/media-flow.test.ts
  packages/jobs-media/test/failures.test.ts
  apps/worker/test/cli.test.ts
  apps/worker/test/deploy.test.ts
  apps/worker/test/deps.test.ts
  apps/worker/test/dashboard.test.ts
  apps/worker/test/many-hosts.test.ts
  apps/worker/test/metrics.test.ts
  apps/worker/test/operator-commands.test.ts
  apps/worker/test/stop-signals.test.ts
)

for version in "${VERSIONS[@]}"; do
  bin="$(bash tooling/node-versions/install-node.sh "$version")"
  echo "[node-versions] node $("$bin/node" --version)"
  PATH="$bin:$PATH" node tooling/node-versions/smoke.mjs
  PATH="$bin:$PATH" node node_modules/vitest/vitest.mjs run "${TESTS[@]}"
done
