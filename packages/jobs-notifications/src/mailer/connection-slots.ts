import { MailerClosedError } from './mailer-closed-error';

/** One email's hold on a connection slot. */
export interface SlotLease {
  /**
   * The connection is idle again (its SMTP exchange ended): the slot goes to the next email.
   * Calling it again does nothing.
   */
  free(): void;
  /** The email's outcome is recorded: a closing mailer stops waiting for it. Frees the slot too. */
  end(): void;
}

/**
 * One slot per connection of a mailer: a send takes a slot before its email is claimed, so that
 * an email is claimed (SENDING) only once a connection is free to take it at once. Emails beyond
 * the pool wait here, still PENDING, and a crash while they wait loses nothing. A slot is freed
 * as soon as its exchange with the server ends — the next email need not wait for this one's
 * bookkeeping — but closing waits until every lease has ended, so the database is never closed
 * under a send that still has to be recorded.
 */
export class ConnectionSlots {
  readonly #size: number;
  #taken = 0;
  #leases = 0;
  readonly #waiting: { resolve(): void; reject(error: unknown): void }[] = [];
  #closed = false;
  #ended: (() => void) | undefined;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`A mailer needs at least one slot, got ${size}`);
    this.#size = size;
  }

  /** Slots taken now (exchanges with the server in flight). */
  get taken(): number {
    return this.#taken;
  }

  /**
   * Waits for a free slot and returns its lease. Rejects with {@link MailerClosedError} once
   * {@link close} was called, before or while waiting.
   */
  async acquire(): Promise<SlotLease> {
    if (this.#closed) throw new MailerClosedError();
    if (this.#taken < this.#size) this.#taken++;
    else {
      // The freeing send hands its slot straight to this waiter (see #free): no count change.
      await new Promise<void>((resolve, reject) => this.#waiting.push({ resolve, reject }));
    }
    this.#leases++;
    let freed = false;
    let ended = false;
    const free = () => {
      if (freed) return;
      freed = true;
      this.#free();
    };
    return {
      free,
      end: () => {
        free();
        if (ended) return;
        ended = true;
        this.#leases--;
        if (this.#leases === 0) this.#ended?.();
      },
    };
  }

  #free(): void {
    const next = this.#waiting.shift();
    if (next) {
      next.resolve();
      return;
    }
    this.#taken--;
  }

  /**
   * Refuses further slots, fails every waiter with {@link MailerClosedError} (their emails were
   * not claimed), and resolves once every lease taken has ended.
   */
  close(): Promise<void> {
    this.#closed = true;
    for (const waiter of this.#waiting.splice(0)) waiter.reject(new MailerClosedError());
    if (this.#leases === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const previous = this.#ended;
      this.#ended = () => {
        previous?.();
        resolve();
      };
    });
  }
}
