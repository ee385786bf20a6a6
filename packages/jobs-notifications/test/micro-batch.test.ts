import { describe, expect, it } from 'vitest';
import { MicroBatch } from '../src/db/micro-batch';

describe('MicroBatch', () => {
  it('gathers the calls of one turn of the event loop into one flush, answering each in order', async () => {
    const flushes: number[][] = [];
    const batch = new MicroBatch<number, number>(async (inputs) => {
      flushes.push(inputs);
      return inputs.map((n) => n * 10);
    });
    const answers = await Promise.all([1, 2, 3].map((n) => batch.run(n)));
    expect(answers).toEqual([10, 20, 30]);
    expect(flushes).toEqual([[1, 2, 3]]);
    expect(await batch.run(4)).toBe(40);
    expect(flushes).toEqual([[1, 2, 3], [4]]);
  });

  it('retries a failed batch call by call, so that one bad input fails only its caller', async () => {
    const batch = new MicroBatch<number, number>(async (inputs) => {
      if (inputs.includes(2)) throw new Error(`bad input in ${inputs.join(',')}`);
      return inputs;
    });
    const results = await Promise.allSettled([1, 2, 3].map((n) => batch.run(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('bad input in 2');
  });

  it('flushes at once when the batch is full', async () => {
    const sizes: number[] = [];
    const batch = new MicroBatch<number, number>(
      async (inputs) => {
        sizes.push(inputs.length);
        return inputs;
      },
      { maxSize: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map((n) => batch.run(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('keeps up to `concurrency` flushes in flight, no more', async () => {
    let inFlight = 0;
    let most = 0;
    const release: (() => void)[] = [];
    const batch = new MicroBatch<number, number>(
      async (inputs) => {
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise<void>((resolve) => release.push(resolve));
        inFlight--;
        return inputs;
      },
      { maxSize: 1, concurrency: 3 },
    );
    const all = Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batch.run(n)));
    // Release flushes one by one as they arrive until every call is answered.
    while (release.length > 0 || inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
      release.shift()?.();
    }
    expect(await all).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });
});
