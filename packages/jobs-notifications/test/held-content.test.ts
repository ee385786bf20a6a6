import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { holdContentUntil } from '../src/mailer/held-content';

function parts(count: number, size: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => Buffer.alloc(size, 97 + (i % 26)));
}

async function chunksOut(input: Buffer[], claimed: Promise<void>): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(input).pipe(holdContentUntil(claimed))) out.push(chunk as Buffer);
  return out;
}

describe('a message’s content on its way to the socket', () => {
  it('goes out in one write when it is small, byte for byte', async () => {
    const input = parts(40, 100);
    const out = await chunksOut(input, Promise.resolve());
    expect(out).toHaveLength(1);
    expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
  });

  it('goes out in chunks of about 64 KiB when it is large', async () => {
    const input = parts(100, 4096);
    const out = await chunksOut(input, Promise.resolve());
    expect(out.length).toBe(Math.ceil((100 * 4096) / (64 * 1024)));
    expect(Buffer.concat(out).equals(Buffer.concat(input))).toBe(true);
  });

  it('lets nothing out before the claim holds, and fails with the claim’s reason', async () => {
    let refuse!: (reason: Error) => void;
    const claimed = new Promise<void>((_, reject) => {
      refuse = reject;
    });
    const stream = Readable.from(parts(3, 10)).pipe(holdContentUntil(claimed));
    const out: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => out.push(chunk));
    const failed = new Promise((resolve) => stream.on('error', resolve));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(out).toHaveLength(0);
    refuse(new Error('claimed by another attempt'));
    expect(await failed).toMatchObject({ message: 'claimed by another attempt' });
    expect(out).toHaveLength(0);
  });
});
