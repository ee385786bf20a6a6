import { lazySchema } from '@yg/job-contracts';
import { envCount, readEnv } from '@yg/queue-core';

export interface MailConfig {
  /**
   * `SMTP_URL` (`smtp://user:pass@host:587`, `smtps://…:465`; nodemailer options as query
   * parameters, e.g. `?ignoreTLS=true`). Unset: mail is written to {@link MailConfig.outboxDir}.
   */
  smtpUrl: string | undefined;
  /** `MAIL_FROM`: the sender, `Name <address>` or a bare address. @defaultValue `YesGoddess <no-reply@localhost>` */
  from: string;
  /** `MAIL_OUTBOX_DIR`: where `.eml` files go without `SMTP_URL`. @defaultValue `.outbox` (relative to the working directory) */
  outboxDir: string;
  /** `SMTP_POOL_SIZE`: pooled SMTP connections per process. @defaultValue 5 */
  poolSize: number;
  /** `EMAIL_RATE_LIMIT_PER_SECOND`: emails per second across every worker process. @defaultValue 50 */
  ratePerSecond: number;
  /**
   * `EMAIL_DIGEST_RATE_LIMIT_PER_SECOND`: digest emails per second across every worker process, a
   * budget of their own beside {@link MailConfig.ratePerSecond}'s (the two add up at a provider).
   * @defaultValue `EMAIL_RATE_LIMIT_PER_SECOND`
   */
  digestRatePerSecond: number;
  /** `EMAIL_CONCURRENCY`: email jobs at once per process (more than the SMTP pool size keeps every connection busy, and lets concurrent jobs share their SQL statements). @defaultValue 50 */
  concurrency: number;
}

const Env = lazySchema((z) =>
  z.object({
    SMTP_URL: z
      .string()
      .trim()
      .regex(/^smtps?:\/\/[^/?#]+/, 'must be an smtp:// or smtps:// URL with a host')
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .refine((v) => fromAddress(v) !== undefined, 'must be an address, or Name <address>')
      .default('YesGoddess <no-reply@localhost>'),
    MAIL_OUTBOX_DIR: z.string().trim().min(1).default('.outbox'),
    SMTP_POOL_SIZE: envCount(100).default(5),
    EMAIL_RATE_LIMIT_PER_SECOND: envCount(100_000).default(50),
    EMAIL_DIGEST_RATE_LIMIT_PER_SECOND: envCount(100_000).optional(),
    EMAIL_CONCURRENCY: envCount(1000).default(50),
  }),
);

/** Reads the mail settings; a bad value throws `ConfigError` naming the variable (never its value). */
export function loadMailConfig(env: Record<string, string | undefined> = process.env): MailConfig {
  const e = readEnv(Env, env);
  return {
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    outboxDir: e.MAIL_OUTBOX_DIR,
    poolSize: e.SMTP_POOL_SIZE,
    ratePerSecond: e.EMAIL_RATE_LIMIT_PER_SECOND,
    digestRatePerSecond: e.EMAIL_DIGEST_RATE_LIMIT_PER_SECOND ?? e.EMAIL_RATE_LIMIT_PER_SECOND,
    concurrency: e.EMAIL_CONCURRENCY,
  };
}

/** The bare address of `MAIL_FROM` (`Name <a@b>` or `a@b`), or undefined when it has none. */
export function fromAddress(from: string): string | undefined {
  const address = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(from)?.[1] ?? from.trim();
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : undefined;
}
