import { headerText, html } from './html';
import { FOOTER, greeting, layout, PRODUCT_NAME } from './layout';
import type { RenderedEmail } from './notification-email';

export interface DigestEmailInput {
  frequency: 'DAILY' | 'WEEKLY';
  recipient: { name: string | null; email: string };
  /** The digest's notifications, oldest first. */
  notifications: readonly { title: string; message: string; createdAt: Date }[];
  /** Listed in full up to this many; the rest are counted. @defaultValue 50 */
  maxListed?: number;
}

/** One email listing every notification of a digest. */
export function renderDigestEmail(input: DigestEmailInput): RenderedEmail {
  const { notifications, recipient } = input;
  const period = input.frequency === 'DAILY' ? 'daily' : 'weekly';
  const count = notifications.length;
  const listed = notifications.slice(0, input.maxListed ?? 50);
  const more = count - listed.length;
  const noun = count === 1 ? 'notification' : 'notifications';
  const subject = headerText(`Your ${period} ${PRODUCT_NAME} digest: ${count} new ${noun}`);
  const date = (d: Date) => d.toISOString().slice(0, 10);

  const text = [
    greeting(recipient.name),
    '',
    `Here is what happened since your last ${period} digest (${count} ${noun}):`,
    '',
    ...listed.flatMap((n) => [
      `* ${n.title} (${date(n.createdAt)})`,
      `  ${n.message.replace(/\n/g, '\n  ')}`,
      '',
    ]),
    ...(more > 0 ? [`…and ${more} more in the app.`, ''] : []),
    `— ${PRODUCT_NAME}`,
    '',
    FOOTER,
    '',
  ].join('\n');

  const body = html`<p>${greeting(recipient.name)}</p>
<p>Here is what happened since your last ${period} digest (${count} ${noun}):</p>
<ul style="padding-left:20px">${listed.map(
    (n) =>
      html`<li style="margin-bottom:12px"><strong>${n.title}</strong> <span style="color:#888;font-size:12px">${date(n.createdAt)}</span><br><span style="white-space:pre-line">${n.message}</span></li>`,
  )}</ul>
${more > 0 ? html`<p>…and ${more} more in the app.</p>` : ''}`;

  return { template: 'digest', subject, text, html: layout(subject, body, FOOTER) };
}
