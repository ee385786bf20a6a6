// What a user does first with the installed packages. consumer.ts copies this file into the
// consumer project and runs it there with plain Node, so every import below resolves from that
// project's node_modules (what npm installed from the registry), never from the workspace.
//
// Prints one JSON line. It must end by itself: a connection or timer left open would hang it, and
// the test treats that as a failure. Hence no process.exit().
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The cleanup below deletes every key under this prefix: never let it fall back to the shared default.
if (!process.env.BULLMQ_PREFIX?.startsWith('yg-registry-'))
  throw new Error('Set BULLMQ_PREFIX=yg-registry-<random>');

const require = createRequire(import.meta.url);
// Every @yg package that npm installed here (it records them in this project's package.json).
const names = Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies).filter((n) =>
  n.startsWith('@yg/'),
);

const modules = {};
const report = { packages: {} };
for (const name of names) {
  const esm = await import(name);
  const cjs = require(name);
  modules[name] = esm;
  const esmNames = Object.keys(esm).sort();
  report.packages[name] = {
    resolvedTo: require.resolve(name),
    exports: esmNames.length,
    sameExportsFromRequire: JSON.stringify(esmNames) === JSON.stringify(Object.keys(cjs).sort()),
  };
}

// A contract validates a payload and rejects a bad one with its own error type.
const { searchIndexUpdate, ContractValidationError } = modules['@yg/job-contracts'];
const payload = { entityType: 'asset', entityId: 'registry-check', operation: 'update' };
let rejection;
try {
  searchIndexUpdate.parse({ ...payload, entityType: 'video' });
} catch (error) {
  rejection = error instanceof ContractValidationError ? 'ContractValidationError' : String(error);
}
report.contract = { parsed: searchIndexUpdate.parse(payload), rejection };

// The migrations ship in the tarball and apply to a fresh database of their own.
const [{ createTestDatabase }, { packageMigrationsDir }] = await Promise.all([
  import('@yg/db/testing'),
  import('@yg/db/migrate'),
]);
const migrationsDir = packageMigrationsDir();
const database = await createTestDatabase();
try {
  const [{ applied }] = await database.db.$queryRawUnsafe(
    'SELECT count(*)::int AS applied FROM _prisma_migrations WHERE finished_at IS NOT NULL',
  );
  report.db = {
    name: database.name,
    migrationsDir,
    shipped: readdirSync(migrationsDir, { withFileTypes: true }).filter((e) => e.isDirectory()).length,
    applied,
    users: await database.db.user.count(),
  };

  // The workers embedded in an app (the quick reference's `initializeAllWorkers()` at start-up),
  // on this database and this run's BULLMQ_PREFIX; the keys they write are deleted below.
  const { initializeAllWorkers, getAllWorkersHealth, shutdownAllWorkers } = modules['@yg/worker'];
  process.env.DATABASE_URL = database.url;
  try {
    await initializeAllWorkers();
    const health = await getAllWorkersHealth();
    report.worker = {
      started: true,
      healthy: health.healthy,
      groups: Object.keys(health).filter((k) => typeof health[k] === 'object' && 'workers' in health[k]),
      redis: health.redis?.healthy === true,
      postgres: health.postgres?.healthy === true,
    };
  } finally {
    await shutdownAllWorkers();
  }
} finally {
  await database.drop();
}

// One job enqueued to Redis under this run's BULLMQ_PREFIX, read back, then every key removed.
const { enqueue, lazyQueue, getQueueClient, closeQueueClient } = modules['@yg/queue-core'];
const keyPattern = `${process.env.BULLMQ_PREFIX}:*`;
try {
  const { jobId, status } = await enqueue(searchIndexUpdate, payload);
  const job = await lazyQueue(searchIndexUpdate).getJob(jobId);
  report.queue = { status, name: job?.name, data: job?.data };
} finally {
  const redis = getQueueClient().producerConnection();
  const keys = await keysMatching(redis, keyPattern);
  if (keys.length > 0) await redis.del(...keys);
  report.queue = {
    ...report.queue,
    keysWritten: keys.length,
    keysLeft: (await keysMatching(redis, keyPattern)).length,
  };
  await closeQueueClient();
}

/** SCAN rather than KEYS: other tests share this Redis, and KEYS blocks it. */
async function keysMatching(redis, pattern) {
  const keys = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== '0');
  return keys;
}

console.log(JSON.stringify(report));
