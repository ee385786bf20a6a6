/** How the notification sweep decides that work was lost, and how much it reads at once. */
export interface SweepSettings {
  /**
   * Work older than this and still not done is queued again: long enough for a healthy queue to
   * have run it, short enough that a lost notification is late by minutes. @defaultValue 2 minutes
   */
  graceMs: number;
  /**
   * An email SENDING for longer than this has no live attempt left (a send holds a connection for
   * at most the socket timeout, 60 s): it is marked UNCONFIRMED. @defaultValue 30 minutes
   */
  sendingGraceMs: number;
  /** Rows read (and jobs queued) per statement. @defaultValue 500 */
  batchSize: number;
}

export const DEFAULT_SWEEP_SETTINGS: SweepSettings = {
  graceMs: 2 * 60_000,
  sendingGraceMs: 30 * 60_000,
  batchSize: 500,
};
