interface Waiting<In, Out> {
  input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

/**
 * Gathers calls into one flush — one SQL statement for many jobs instead of one each — with one
 * flush in flight at a time: calls made while a flush runs wait for it and go together in the next
 * one (up to `maxSize`). Nothing waits on a timer: when the process is idle a call goes out on the
 * next turn of the event loop, alone; when it is busy, the calls that piled up go together, which
 * is when the round trips saved matter. A failed batch is retried call by call, so that one bad
 * input fails only its own caller.
 */
export class MicroBatch<In, Out> {
  readonly #flush: (inputs: In[]) => Promise<Out[]>;
  readonly #maxSize: number;
  readonly #concurrency: number;
  #waiting: Waiting<In, Out>[] = [];
  #scheduled = false;
  #inFlight = 0;

  /** `concurrency`: flushes in flight at once (1 batches the most; more waits the least). */
  constructor(flush: (inputs: In[]) => Promise<Out[]>, { maxSize = 100, concurrency = 1 } = {}) {
    this.#flush = flush;
    this.#maxSize = maxSize;
    this.#concurrency = concurrency;
  }

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#inFlight >= this.#concurrency || this.#scheduled) return;
      if (this.#waiting.length >= this.#maxSize) this.#drain();
      else {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#drain();
        });
      }
    });
  }

  #drain(): void {
    while (this.#inFlight < this.#concurrency && this.#waiting.length > 0) this.#flushNext();
  }

  #flushNext(): void {
    const batch = this.#waiting.splice(0, this.#maxSize);
    this.#inFlight++;
    const done = () => {
      this.#inFlight--;
      this.#drain();
    };
    this.#flush(batch.map((w) => w.input)).then(
      (outputs) => {
        batch.forEach((w, i) => {
          w.resolve(outputs[i]!);
        });
        done();
      },
      async (error) => {
        if (batch.length === 1) batch[0]!.reject(error);
        else {
          for (const w of batch) {
            await this.#flush([w.input]).then((outputs) => w.resolve(outputs[0]!), w.reject);
          }
        }
        done();
      },
    );
  }
}

/** One batcher per (database client, purpose), created on first use. */
export function batcherFor<Key extends object, In, Out>(
  cache: WeakMap<Key, MicroBatch<In, Out>>,
  key: Key,
  flush: (inputs: In[]) => Promise<Out[]>,
  options?: { maxSize?: number; concurrency?: number },
): MicroBatch<In, Out> {
  let batch = cache.get(key);
  if (!batch) {
    batch = new MicroBatch(flush, options);
    cache.set(key, batch);
  }
  return batch;
}
