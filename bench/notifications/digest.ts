// A digest for 10,000 users × 5 notifications, delivered to a local SMTP server that discards
// what it gets: our worker (the run claiming digests in batches → email queue → pooled SMTP, with every
// database write an idempotent send needs) against raw pooled nodemailer sending the same
// 10,000 messages, in the same run. Each side runs in a process of its own, the worker as yg-worker
// would (worker-process.mjs) and the raw sender likewise (raw-sender-process.mjs), so that each
// peak RSS is that side's own.
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { alternateSamples, machineBusySeconds, median, type Row, timeIt } from '@yg/bench-harness';
import type { PrismaClient } from '@yg/db';
import { createTestDatabase, type TestDatabase } from '@yg/db/testing';
import { triggerDigestManually } from '@yg/jobs-notifications';
import { renderDigestEmail } from '@yg/jobs-notifications/worker';
import { QueueClient, queueConfig } from '@yg/queue-core';
import { benchPrefix, dropPrefix, REDIS_URL, rawConnection } from '../redis';
import { resetDigests, seedDigestUsers } from './seed';
import { type SmtpSink, startSmtpSink } from './sink';

const USERS = 10_000;
const PER_USER = 5;
const FROM = 'YesGoddess <no-reply@example.com>';
// The same pool on both sides: SMTP_POOL_SIZE's default.
const POOL_SIZE = 5;
// Issue 15: 0.8 of raw pooled nodemailer, with the exactly-once bookkeeping kept.
const GOAL = 0.8;

/** One round of a side: its rate, and the CPU the whole machine spent on each email meanwhile. */
interface Round {
  emailsPerSecond: number;
  cpuMsPerEmail: number;
}

/**
 * Times `run` (which sends `emails` emails), and reads the machine's busy CPU around it: every
 * process the side uses (the worker or the raw sender, PostgreSQL, Redis, the SMTP sink) counts.
 */
async function round(emails: number, run: () => Promise<unknown>): Promise<Round> {
  const busy = machineBusySeconds();
  const ms = await timeIt(run);
  return {
    emailsPerSecond: emails / (ms / 1000),
    cpuMsPerEmail: ((machineBusySeconds() - busy) * 1000) / emails,
  };
}

/**
 * The Node flags of each side's process, the same for both: BENCH_DIGEST_CPU_PROF=<folder> adds a
 * CPU profile per round (`ours-…` and `raw-…`), to see where each spends its time, and
 * BENCH_NODE_FLAGS adds flags to try (e.g. `--max-semi-space-size=32`).
 */
function nodeArgs(side: 'ours' | 'raw'): string[] {
  const dir = process.env.BENCH_DIGEST_CPU_PROF;
  return [
    ...(dir
      ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-name=${side}-${Date.now()}.cpuprofile`]
      : []),
    ...(process.env.BENCH_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
  ];
}

/**
 * One digest run through the real processors in a worker process of its own, from the trigger to
 * the last message accepted; records that process's peak RSS.
 */
async function oursOnce(database: TestDatabase, sink: SmtpSink, rss: number[]): Promise<Round> {
  await resetDigests(database.db);
  const prefix = benchPrefix('ours');
  const worker = fork(
    fileURLToPath(new URL('./worker-process.mjs', import.meta.url)),
    [database.url, prefix, String(sink.port), String(POOL_SIZE)],
    { execArgv: nodeArgs('ours'), env: { ...process.env, REDIS_URL } },
  );
  const replies: { ready?: boolean; rss?: number }[] = [];
  worker.on('message', (m: { ready?: boolean; rss?: number }) => replies.push(m));
  const reply = async (key: 'ready' | 'rss') => {
    while (!replies.some((r) => r[key] !== undefined)) await new Promise((resolve) => setTimeout(resolve, 5));
    return replies.find((r) => r[key] !== undefined)!;
  };
  await reply('ready');
  const client = new QueueClient({ config: queueConfig({ redisUrl: REDIS_URL, prefix }) });
  const target = sink.accepted() + USERS;
  const result = await round(USERS, async () => {
    await triggerDigestManually('DAILY', { client });
    await sink.until(target);
  });
  worker.send({ stop: true });
  rss.push((await reply('rss')).rss!);
  await client.close();
  const admin = rawConnection();
  await dropPrefix(admin, prefix);
  admin.disconnect();
  return result;
}

/**
 * The same messages, rendered beforehand, through one pooled nodemailer transport in a process of
 * its own (raw-sender-process.mjs), so that its peak RSS is a raw sender's, not this harness's.
 */
async function rawOnce(messagesFile: string, count: number, sink: SmtpSink, rss: number[]): Promise<Round> {
  const sender = fork(
    fileURLToPath(new URL('./raw-sender-process.mjs', import.meta.url)),
    [messagesFile, String(sink.port), String(POOL_SIZE), FROM],
    { execArgv: nodeArgs('raw') },
  );
  const replies: { ready?: boolean; rss?: number }[] = [];
  sender.on('message', (m: { ready?: boolean; rss?: number }) => replies.push(m));
  const reply = async (key: 'ready' | 'rss') => {
    while (!replies.some((r) => r[key] !== undefined)) await new Promise((resolve) => setTimeout(resolve, 5));
    return replies.find((r) => r[key] !== undefined)!;
  };
  await reply('ready');
  const target = sink.accepted() + count;
  const result = await round(count, async () => {
    sender.send({ go: true });
    await sink.until(target);
  });
  sender.send({ stop: true });
  rss.push((await reply('rss')).rss!);
  return result;
}

async function renderAll(db: PrismaClient) {
  const users = await db.user.findMany({
    select: {
      email: true,
      name: true,
      // Today's: yesterday's run is in the tables too (see seedDigestUsers).
      notifications: {
        where: { emailStatus: 'DIGEST_PENDING' },
        select: { title: true, message: true, createdAt: true },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      },
    },
    orderBy: { id: 'asc' },
  });
  return users.map((u) => {
    const email = renderDigestEmail({ frequency: 'DAILY', recipient: u, notifications: u.notifications });
    return { to: u.email, subject: email.subject, text: email.text, html: email.html };
  });
}

export async function digestThroughput(): Promise<Row[]> {
  const database = await createTestDatabase({ poolSize: 20 });
  const sink = await startSmtpSink();
  const scratch = await mkdtemp(join(tmpdir(), 'yg-bench-digest-'));
  const messagesFile = join(scratch, 'messages.json');
  try {
    await seedDigestUsers(database.db, USERS, PER_USER);
    const messages = await renderAll(database.db);
    await writeFile(messagesFile, JSON.stringify(messages));
    const oursRss: number[] = [];
    const rawRss: number[] = [];
    // Three rounds a side (medians): the raw side moves a lot between rounds on a shared machine.
    const rounds = await alternateSamples(
      3,
      () => oursOnce(database, sink, oursRss),
      () => rawOnce(messagesFile, messages.length, sink, rawRss),
    );
    const medianOf = (side: Round[], key: keyof Round) => median(side.map((r) => r[key]));
    const rawRate = medianOf(rounds.raw, 'emailsPerSecond');
    // What 0.8 of raw's rate leaves each email, if every core of the machine did nothing else.
    const budgetMs = (availableParallelism() * 1000) / (GOAL * rawRate);
    return [
      {
        name: `digest, ${USERS.toLocaleString('en-US')} users × ${PER_USER} → SMTP (pool ${POOL_SIZE})`,
        ours: medianOf(rounds.ours, 'emailsPerSecond'),
        raw: rawRate,
        unit: 'emails/s',
        goal: GOAL,
      },
      {
        name: 'CPU per email, whole machine (sender, PostgreSQL, Redis, SMTP sink)',
        ours: medianOf(rounds.ours, 'cpuMsPerEmail'),
        raw: medianOf(rounds.raw, 'cpuMsPerEmail'),
        unit: 'ms',
        lowerIsBetter: true,
        note: `at ${GOAL} of raw's rate, ${availableParallelism()} cores allow at most ${budgetMs.toFixed(1)} ms an email, all of them busy`,
      },
      {
        name: 'peak RSS: worker process / raw sender process (holding the 10,000 messages)',
        ours: Math.max(...oursRss),
        raw: Math.max(...rawRss),
        unit: 'MiB',
        lowerIsBetter: true,
      },
    ];
  } finally {
    sink.close();
    await rm(scratch, { recursive: true, force: true });
    await database.drop();
  }
}
