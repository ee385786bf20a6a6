import { describe, expect, it } from 'vitest';
import {
  ContractValidationError,
  EMAIL_BATCH_MAX,
  emailSend,
  emailSendBatch,
  notificationDigest,
  notificationDigestUser,
} from '../src/index';

const email = { idempotencyKey: 'notification:n1', to: 'ada@example.com', subject: 'Hi', text: 'Hello' };

describe('notification contracts', () => {
  it('take a digest run’s period only in the form of its frequency', () => {
    expect(notificationDigest.parse({ frequency: 'DAILY' })).toEqual({ frequency: 'DAILY' });
    expect(notificationDigest.parse({ frequency: 'DAILY', periodKey: '2026-11-27' }).periodKey).toBe(
      '2026-11-27',
    );
    expect(notificationDigest.parse({ frequency: 'WEEKLY', periodKey: '2026-W48' }).periodKey).toBe(
      '2026-W48',
    );
    expect(() => notificationDigest.parse({ frequency: 'WEEKLY', periodKey: '2026-11-27' })).toThrow(
      /periodKey: must be a day \(YYYY-MM-DD\) for DAILY and an ISO week \(YYYY-Www\) for WEEKLY/,
    );
    expect(() => notificationDigest.parse({ frequency: 'DAILY', periodKey: 'yesterday' })).toThrow(
      /periodKey: must be a day \(YYYY-MM-DD\) or an ISO week/,
    );
  });

  it('refuse an email subject with a line break (header injection)', () => {
    expect(() => emailSend.parse({ ...email, subject: 'Hi\r\nBcc: eve@example.com' })).toThrow(
      ContractValidationError,
    );
    expect(() => emailSend.parse({ ...email, subject: 'Hi\nthere' })).toThrow(/subject.*line breaks/s);
  });

  it('take internationalized addresses, and refuse what SMTP cannot carry, naming the field', () => {
    for (const to of [
      'josé@example.com',
      'info@münchen.de',
      'почта@пример.рф',
      'a@b.xn--p1ai',
      "o'neil+tag@x.io",
    ]) {
      expect(emailSend.parse({ ...email, to }).to).toBe(to);
    }
    for (const to of [
      'ops@localhost',
      'a..b@x.com',
      '.a@x.com',
      'a b@x.com',
      'a@x.c',
      'x@1.2.3.4',
      '"q"@x.com',
    ]) {
      expect(() => emailSend.parse({ ...email, to }), to).toThrow(/to: Invalid email address/);
    }
    expect(() => emailSend.parse({ ...email, to: `${'a'.repeat(250)}@x.io` })).toThrow(
      /to: must be at most 254/,
    );
  });

  it('take what an email is about, and nothing unknown', () => {
    const parsed = emailSend.parse({ ...email, source: { kind: 'digest', digestId: 'd1' } });
    expect(parsed.source).toEqual({ kind: 'digest', digestId: 'd1' });
    expect(() => emailSend.parse({ ...email, source: { kind: 'digest', notificationId: 'n1' } })).toThrow(
      ContractValidationError,
    );
  });

  it('accept a digest period as a day or an ISO week, nothing else', () => {
    const base = { userId: 'u1', frequency: 'DAILY' };
    expect(notificationDigestUser.parse({ ...base, periodKey: '2025-10-18' }).periodKey).toBe('2025-10-18');
    expect(notificationDigestUser.parse({ ...base, periodKey: '2025-W42' }).periodKey).toBe('2025-W42');
    expect(() => notificationDigestUser.parse({ ...base, periodKey: 'yesterday' })).toThrow(/periodKey/);
  });

  it('deduplicate an email by its idempotency key', () => {
    expect(emailSend.deduplication?.id(emailSend.parse(email))).toBe('email:notification:n1');
  });
});

describe('digest mail batches', () => {
  const emails = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ ...email, idempotencyKey: `digest:d${i}` }));

  it('take one to EMAIL_BATCH_MAX emails, each checked as an email job checks it', () => {
    expect(emailSendBatch.parse({ emails: emails(1) }).emails).toHaveLength(1);
    expect(emailSendBatch.parse({ emails: emails(EMAIL_BATCH_MAX) }).emails).toHaveLength(EMAIL_BATCH_MAX);
    expect(() => emailSendBatch.parse({ emails: [] })).toThrow(ContractValidationError);
    expect(() => emailSendBatch.parse({ emails: emails(EMAIL_BATCH_MAX + 1) })).toThrow(/emails/);
    expect(() =>
      emailSendBatch.parse({ emails: [{ ...email, subject: 'Hi\r\nBcc: eve@example.com' }] }),
    ).toThrow(/emails\.0\.subject.*line breaks/s);
  });

  it('refuse the same email twice in one batch', () => {
    expect(() => emailSendBatch.parse({ emails: [email, email] })).toThrow(/same idempotency key/);
  });
});
