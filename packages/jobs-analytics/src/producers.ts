import {
  analyticsIngest,
  builtSchema,
  ContractValidationError,
  INGEST_MAX_EVENTS,
  monthlyRollup,
  TrackedEvent,
  weeklyRollup,
} from '@yg/job-contracts';
import { type EnqueueResult, type ProducerOptions, producerClient } from '@yg/queue-core';
import type { z } from 'zod';

/** An event as the web app tracks it; `eventId` and `occurredAt` default to a new UUID and now. */
export type TrackEventInput = Omit<z.input<typeof TrackedEvent>, 'eventId' | 'occurredAt'> & {
  /** Your id for the event (a UUID). Pass the same one when you retry, and it is stored once. */
  eventId?: string;
  occurredAt?: Date | string;
};

export interface RejectedEvent {
  /** The event's position in the array given. */
  index: number;
  /** Names every bad field (`type`, `occurredAt`, `properties`…). */
  error: ContractValidationError;
}

export interface TrackEventsResult {
  accepted: number;
  rejected: RejectedEvent[];
  jobs: EnqueueResult[];
}

const INGEST_JOB = `${analyticsIngest.queue}/${analyticsIngest.name}`;

/**
 * Tracks one event. Validated here: a bad one throws `ContractValidationError` naming the field.
 * With Redis down it rejects within `REDIS_CONNECT_TIMEOUT_MS`, so a page never hangs on analytics.
 */
export async function trackEvent(event: TrackEventInput, options?: ProducerOptions): Promise<EnqueueResult> {
  const parsed = validate(event);
  if (parsed instanceof ContractValidationError) throw parsed;
  return producerClient(options).enqueue(analyticsIngest, { events: [parsed] });
}

/**
 * Tracks many events: each is validated on its own, the bad ones are returned with the error
 * naming their field, and the good ones are queued in batches of {@link INGEST_MAX_EVENTS} — a bad
 * event never costs the others.
 */
export async function trackEvents(
  events: readonly TrackEventInput[],
  options?: ProducerOptions,
): Promise<TrackEventsResult> {
  const accepted: TrackedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  events.forEach((event, index) => {
    const parsed = validate(event);
    if (parsed instanceof ContractValidationError) rejected.push({ index, error: parsed });
    else accepted.push(parsed);
  });
  const payloads = [];
  for (let i = 0; i < accepted.length; i += INGEST_MAX_EVENTS) {
    payloads.push({ events: accepted.slice(i, i + INGEST_MAX_EVENTS) });
  }
  const jobs =
    payloads.length > 0 ? await producerClient(options).enqueueBulk(analyticsIngest, payloads) : [];
  return { accepted: accepted.length, rejected, jobs };
}

/** Rolls up a week now (`weekOf`: any day of it; default the last complete ISO week). */
export function scheduleWeeklyMetricsRollup(
  weekOf?: string,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(weeklyRollup, weekOf === undefined ? {} : { weekOf });
}

/** Rolls up a month now (`month`: `YYYY-MM`; default the previous month). */
export function scheduleMonthlyMetricsRollup(
  month?: string,
  options?: ProducerOptions,
): Promise<EnqueueResult> {
  return producerClient(options).enqueue(monthlyRollup, month === undefined ? {} : { month });
}

function validate(event: TrackEventInput): TrackedEvent | ContractValidationError {
  const input =
    event !== null && typeof event === 'object'
      ? {
          ...event,
          eventId: event.eventId ?? crypto.randomUUID(),
          occurredAt: instant(event.occurredAt ?? new Date()),
        }
      : event;
  // Each event of a batch: the built schema, not the lazy export's forwarding.
  const result = builtSchema(TrackedEvent).safeParse(input);
  return result.success ? result.data : new ContractValidationError(INGEST_JOB, result.error);
}

// A Date becomes its ISO string; an invalid Date stays something the schema names as bad.
function instant(value: Date | string): unknown {
  if (!(value instanceof Date)) return value;
  return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
}
