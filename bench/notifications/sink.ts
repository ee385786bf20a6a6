import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The discarding SMTP server of `smtp-sink.mjs`, and a way to wait for N more messages. */
export interface SmtpSink {
  port: number;
  accepted(): number;
  /** Resolves once `count` messages are accepted in all (polls the count the child reports). */
  until(count: number): Promise<void>;
  close(): void;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const child: ChildProcess = fork(fileURLToPath(new URL('./smtp-sink.mjs', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let accepted = 0;
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (message: { port?: number; accepted?: number }) => {
      if (message.port) resolve(message.port);
      if (message.accepted) accepted = message.accepted;
    });
  });
  return {
    port,
    accepted: () => accepted,
    async until(count) {
      while (accepted < count) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    close: () => child.disconnect(),
  };
}
