import { describe, expect, it } from 'vitest';
import { renderDigestEmail } from '../src/templates/digest-email';
import { headerText } from '../src/templates/html';
import { NOTIFICATION_TEMPLATES, renderNotificationEmail } from '../src/templates/notification-email';

const recipient = { name: 'Ada <b>', email: 'ada@example.com' };
const notification = (
  type: string,
  fields: Partial<{ title: string; message: string; metadata: unknown }> = {},
) => ({
  id: 'ntf_1',
  type,
  title: fields.title ?? 'Title',
  message: fields.message ?? 'Message',
  metadata: fields.metadata ?? {},
});

describe('notification templates', () => {
  it('have one template for each type the seed names, and a generic one for the rest', () => {
    expect(Object.keys(NOTIFICATION_TEMPLATES).sort()).toEqual([
      'LICENSE_APPROVED',
      'PAYOUT_COMPLETED',
      'PROJECT_UPDATED',
    ]);
    for (const type of Object.keys(NOTIFICATION_TEMPLATES)) {
      expect(renderNotificationEmail({ notification: notification(type), recipient }).template).toBe(type);
    }
    const other = renderNotificationEmail({ notification: notification('ASSET_QUARANTINED'), recipient });
    expect(other.template).toBe('GENERIC');
    expect(other.text).toContain('Message');
  });

  it('escape every value from the notification in the HTML part, and leave the text part plain', () => {
    const rendered = renderNotificationEmail({
      notification: notification('PAYOUT_COMPLETED', {
        title: '<script>alert(1)</script>',
        message: 'a & b "c" \'d\'',
        metadata: { payoutId: '<i>po</i>', amount: '<u>10</u>' },
      }),
      recipient,
    });
    expect(rendered.html).not.toMatch(/<script|<i>|<u>|<b>/);
    expect(rendered.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(rendered.html).toContain('a &amp; b &quot;c&quot; &#39;d&#39;');
    expect(rendered.html).toContain('Hi Ada &lt;b&gt;,');
    expect(rendered.text).toContain('<script>alert(1)</script>');
    expect(rendered.text).toContain('Payout: <i>po</i>');
  });

  it('format a payout amount and list the metadata each type names', () => {
    const payout = renderNotificationEmail({
      notification: notification('PAYOUT_COMPLETED', { metadata: { payoutId: 'po_9', amount: 1234.5 } }),
      recipient,
    });
    expect(payout.text).toContain('Amount: $1,234.50');
    expect(payout.text).toContain('Payout: po_9');
    const project = renderNotificationEmail({
      notification: notification('PROJECT_UPDATED', { metadata: { projectId: 'prj_1' } }),
      recipient,
    });
    expect(project.text).toContain('Project: prj_1');
  });

  it('keep the subject one bounded line', () => {
    expect(headerText('a\r\nBcc: eve@example.com\u0000')).toBe('a Bcc: eve@example.com');
    expect(headerText('x'.repeat(500))).toHaveLength(200);
    const rendered = renderNotificationEmail({
      notification: notification('X', { title: ' \r\n ' }),
      recipient,
    });
    expect(rendered.subject).toBe('New notification from YesGoddess');
  });
});

describe('the digest template', () => {
  it('lists every notification, escaped, and counts what it leaves out', () => {
    const notifications = Array.from({ length: 3 }, (_, i) => ({
      title: `<b>N${i}</b>`,
      message: `m${i}`,
      createdAt: new Date('2025-10-18T08:00:00Z'),
    }));
    const digest = renderDigestEmail({ frequency: 'WEEKLY', recipient, notifications, maxListed: 2 });
    expect(digest.subject).toBe('Your weekly YesGoddess digest: 3 new notifications');
    expect(digest.html).toContain('&lt;b&gt;N0&lt;/b&gt;');
    expect(digest.html).toContain('&lt;b&gt;N1&lt;/b&gt;');
    expect(digest.html).not.toContain('N2');
    expect(digest.html).toContain('and 1 more');
    expect(digest.text).toContain('* <b>N0</b> (2025-10-18)');
  });
});
