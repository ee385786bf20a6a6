interface Waiting<In, Out> {
  input: In;
  resolve(output: Out): void;
  reject(error: unknown): void;
}

/**
 * Gathers the calls made within one turn of the event loop (up to `maxSize`) into one flush —
 * one SQL statement for many jobs instead of one each. Nothing waits on a timer: when the process
 * is idle a batch holds one call; when it is busy, the calls that piled up go together, which is
 * when the round trips saved matter. A failed batch is retried call by call, so that one bad
 * input fails only its own caller.
 */
export class MicroBatch<In, Out> {
  readonly #flush: (inputs: In[]) => Promise<Out[]>;
  readonly #maxSize: number;
  #waiting: Waiting<In, Out>[] = [];
  #scheduled = false;

  constructor(flush: (inputs: In[]) => Promise<Out[]>, maxSize = 100) {
    this.#flush = flush;
    this.#maxSize = maxSize;
  }

  run(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#waiting.push({ input, resolve, reject });
      if (this.#waiting.length >= this.#maxSize) this.#drain();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#scheduled = false;
          this.#drain();
        });
      }
    });
  }

  #drain(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    if (batch.length === 0) return;
    this.#flush(batch.map((w) => w.input)).then(
      (outputs) => {
        batch.forEach((w, i) => {
          w.resolve(outputs[i]!);
        });
      },
      (error) => {
        if (batch.length === 1) return batch[0]!.reject(error);
        for (const w of batch) {
          this.#flush([w.input]).then((outputs) => w.resolve(outputs[0]!), w.reject);
        }
      },
    );
  }
}

/** One batcher per (database client, purpose), created on first use. */
export function batcherFor<Key extends object, In, Out>(
  cache: WeakMap<Key, MicroBatch<In, Out>>,
  key: Key,
  flush: (inputs: In[]) => Promise<Out[]>,
): MicroBatch<In, Out> {
  let batch = cache.get(key);
  if (!batch) {
    batch = new MicroBatch(flush);
    cache.set(key, batch);
  }
  return batch;
}
