import { headerText, html } from './html';
import { FOOTER, greeting, layout, PRODUCT_NAME } from './layout';

/** What a notification email is made from. */
export interface NotificationEmailInput {
  notification: { id: string; type: string; title: string; message: string; metadata: unknown };
  recipient: { name: string | null; email: string };
}

export interface RenderedEmail {
  /** Recorded with the delivery: the notification type's template, or `GENERIC`. */
  template: string;
  subject: string;
  text: string;
  html: string;
}

type Metadata = Record<string, unknown>;

interface TypeTemplate {
  /** A line above the notification's own title and message. */
  lead: string;
  /** Label/value lines from the metadata (values are escaped like everything else). */
  details(metadata: Metadata): [string, string][];
}

/** One template per notification type the platform sends; anything else gets the generic one. */
export const NOTIFICATION_TEMPLATES: Readonly<Record<string, TypeTemplate>> = {
  LICENSE_APPROVED: {
    lead: 'Good news: a license was approved.',
    details: (m) => present([['License', m.licenseId]]),
  },
  PAYOUT_COMPLETED: {
    lead: 'A payout is on its way to you.',
    details: (m) =>
      present([
        ['Amount', formatAmount(m.amount)],
        ['Payout', m.payoutId],
      ]),
  },
  PROJECT_UPDATED: {
    lead: 'A project you follow was updated.',
    details: (m) => present([['Project', m.projectId]]),
  },
};

const GENERIC: TypeTemplate = { lead: `You have a new notification on ${PRODUCT_NAME}.`, details: () => [] };

export function renderNotificationEmail({ notification, recipient }: NotificationEmailInput): RenderedEmail {
  const known = NOTIFICATION_TEMPLATES[notification.type];
  const template = known ?? GENERIC;
  const metadata = isRecord(notification.metadata) ? notification.metadata : {};
  const details = template.details(metadata);
  const subject = headerText(notification.title) || `New notification from ${PRODUCT_NAME}`;

  const text = [
    greeting(recipient.name),
    '',
    template.lead,
    '',
    notification.title,
    '',
    notification.message,
    ...(details.length ? ['', ...details.map(([label, value]) => `${label}: ${value}`)] : []),
    '',
    `— ${PRODUCT_NAME}`,
    '',
    FOOTER,
    '',
  ].join('\n');

  const body = html`<p>${greeting(recipient.name)}</p>
<p>${template.lead}</p>
<h2 style="font-size:18px;margin:16px 0 8px">${notification.title}</h2>
<p style="white-space:pre-line">${notification.message}</p>
${
  details.length
    ? html`<table style="border-collapse:collapse;margin-top:12px">${details.map(
        ([label, value]) =>
          html`<tr><td style="padding:2px 12px 2px 0;color:#666">${label}</td><td>${value}</td></tr>`,
      )}</table>`
    : ''
}`;

  return {
    template: known ? notification.type : 'GENERIC',
    subject,
    text,
    html: layout(subject, body, FOOTER),
  };
}

function present(rows: [string, unknown][]): [string, string][] {
  return rows
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([label, value]) => [label, String(value)]);
}

function formatAmount(amount: unknown): unknown {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) return amount;
  return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount);
}

function isRecord(value: unknown): value is Metadata {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
