// The raw side of the digest benchmark, in a process of its own like the worker: pooled nodemailer
// sending the messages rendered beforehand (read from a JSON file) to the SMTP sink. It reports
// "ready" once it holds them, sends on "go", and reports its peak RSS when asked, over IPC.
import { readFile } from 'node:fs/promises';
import nodemailer from 'nodemailer';
import { peakRssMiB } from '../peak-rss.mjs';

const [messagesFile, smtpPort, poolSize, from] = process.argv.slice(2);
const messages = JSON.parse(await readFile(messagesFile, 'utf8'));
const transport = nodemailer.createTransport({
  host: '127.0.0.1',
  port: Number(smtpPort),
  pool: true,
  maxConnections: Number(poolSize),
  ignoreTLS: true,
});
process.send?.({ ready: true });
process.on('message', async (message) => {
  if (message.go) {
    await Promise.all(messages.map((m) => transport.sendMail({ from, ...m })));
    process.send?.({ sent: messages.length });
  }
  if (message.stop) {
    const rss = peakRssMiB();
    transport.close();
    process.send?.({ rss }, () => process.exit(0));
  }
});
