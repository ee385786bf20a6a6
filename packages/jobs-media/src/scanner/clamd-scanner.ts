import { connect, type Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { DependencyDownError } from '@yg/queue-core';

export type ScanVerdict = { infected: false } | { infected: true; signature: string };

/** Scans a stream of bytes for malware. */
export interface VirusScanner {
  scan(stream: Readable): Promise<ScanVerdict>;
  /** Checks that the scanner answers (for readiness). */
  ping(): Promise<void>;
}

export interface ClamdOptions {
  host: string;
  port: number;
  /** How long a scan may go without progress before clamd counts as down. @defaultValue 60000 */
  timeoutMs?: number;
}

/** A file clamd refuses to scan (too large for its `StreamMaxLength`): retrying cannot help. */
export class ScanRefusedError extends Error {
  override readonly name = 'ScanRefusedError';
}

/**
 * A small clamd client of our own over its TCP protocol: `zINSTREAM`, the bytes in length-prefixed
 * chunks with back-pressure (a 1 GB file never sits in memory), then the one-line verdict. Chosen
 * over the `clamscan` package because the job needs to tell "clamd is down" (wait) from "clamd said
 * no" (fail) precisely, and the protocol is a few lines. Unreachable, reset or silent clamd →
 * `DependencyDownError('clamd')`: a scan never ends clean because clamd could not be asked.
 */
export function createClamdScanner({ host, port, timeoutMs = 60_000 }: ClamdOptions): VirusScanner {
  const down = (cause: unknown) => new DependencyDownError('clamd', { cause });

  function open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.setTimeout(timeoutMs);
      socket.once('connect', () => resolve(socket));
      socket.once('error', (error) => reject(down(error)));
      socket.once('timeout', () => {
        socket.destroy();
        reject(down(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
      });
    });
  }

  /** Collects clamd's reply up to its NUL terminator (or the end of the connection). */
  function reply(socket: Socket): Promise<string> {
    return new Promise((resolve, reject) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk.toString('utf8');
        if (text.includes('\u0000')) {
          socket.end();
          resolve(text.slice(0, text.indexOf('\u0000')));
        }
      });
      socket.on('end', () => resolve(text));
      socket.on('error', (error) => reject(down(error)));
      socket.on('timeout', () => {
        socket.destroy();
        reject(down(new Error(`clamd at ${host}:${port} stopped answering for ${timeoutMs} ms`)));
      });
    });
  }

  return {
    async ping() {
      const socket = await open();
      socket.write('zPING\u0000');
      const answer = await reply(socket);
      if (answer.trim() !== 'PONG') throw down(new Error(`unexpected PING answer ${JSON.stringify(answer)}`));
    },
    async scan(stream) {
      const socket = await open();
      const answer = reply(socket);
      // clamd may answer (and close) before the stream ends, e.g. over its size limit.
      let answered = false;
      void answer.then(
        () => {
          answered = true;
        },
        () => {
          answered = true;
        },
      );
      socket.write('zINSTREAM\u0000');
      try {
        for await (const chunk of stream) {
          if (answered || socket.destroyed) break;
          const data = chunk as Buffer;
          const size = Buffer.alloc(4);
          size.writeUInt32BE(data.length);
          socket.write(size);
          if (!socket.write(data)) await drained(socket);
        }
        if (!socket.destroyed) socket.write(Buffer.alloc(4));
      } catch (error) {
        socket.destroy();
        throw error;
      } finally {
        stream.destroy();
      }
      const text = (await answer).trim();
      return verdictOf(text, `${host}:${port}`);
    },
  };
}

/** Resolves when the socket takes data again, or closes; leaves no listener behind. */
function drained(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}

/** `stream: OK`, `stream: <signature> FOUND`, or `<reason> ERROR`. */
function verdictOf(text: string, where: string): ScanVerdict {
  const body = text.replace(/^stream:\s*/, '');
  if (body === 'OK') return { infected: false };
  const found = /^(.+) FOUND$/.exec(body);
  if (found) return { infected: true, signature: found[1]! };
  if (/size limit exceeded/i.test(body)) {
    throw new ScanRefusedError(`clamd refused the file: ${body} (raise its StreamMaxLength)`);
  }
  if (body === '') {
    throw new DependencyDownError('clamd', {
      cause: new Error(`clamd at ${where} closed without a verdict`),
    });
  }
  throw new DependencyDownError('clamd', {
    cause: new Error(`clamd at ${where} answered ${JSON.stringify(body)}`),
  });
}
