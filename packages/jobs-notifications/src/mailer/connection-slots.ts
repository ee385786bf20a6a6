import { MailerClosedError } from './mailer-closed-error';

/**
 * One slot per connection of a mailer: a send takes a slot before its email is claimed, so that
 * an email is claimed (SENDING) only once a connection is free to take it at once. Emails beyond
 * the pool wait here, still PENDING, and a crash while they wait loses nothing.
 */
export class ConnectionSlots {
  readonly #size: number;
  #taken = 0;
  readonly #waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  #closed = false;
  #drained: (() => void) | undefined;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`A mailer needs at least one slot, got ${size}`);
    this.#size = size;
  }

  /** Slots taken now (sends in flight). */
  get taken(): number {
    return this.#taken;
  }

  /**
   * Waits for a free slot and returns its release function (idempotent). Rejects with
   * {@link MailerClosedError} once {@link close} was called, before or while waiting.
   */
  async acquire(): Promise<() => void> {
    if (this.#closed) throw new MailerClosedError();
    if (this.#taken < this.#size) this.#taken++;
    else {
      // The releasing send hands its slot straight to this waiter (see #release): no count change.
      await new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#release();
    };
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) {
      next.resolve();
      return;
    }
    this.#taken--;
    if (this.#taken === 0) this.#drained?.();
  }

  /**
   * Refuses further slots, fails every waiter with {@link MailerClosedError} (their emails were
   * not claimed), and resolves once every slot taken is released.
   */
  close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new MailerClosedError());
    if (this.#taken === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const previous = this.#drained;
      this.#drained = () => {
        previous?.();
        resolve();
      };
    });
  }
}
