import { html, type SafeHtml } from './html';

export const PRODUCT_NAME = 'YesGoddess';

/** The HTML shell every email shares: inline styles only, since mail clients drop <style>. */
export function layout(title: string, body: SafeHtml, footer: string): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="margin:0;padding:24px;background:#f6f6f6;font-family:Helvetica,Arial,sans-serif;color:#222">
<div style="max-width:560px;margin:0 auto;background:#fff;border-radius:8px;padding:24px">
${body}
<p style="margin-top:32px;font-size:12px;color:#888">${footer}</p>
</div>
</body>
</html>
`.value;
}

export function greeting(name: string | null | undefined): string {
  const trimmed = name?.trim();
  return trimmed ? `Hi ${trimmed},` : 'Hi,';
}

export const FOOTER = `You receive this email because of your ${PRODUCT_NAME} notification settings. You can change how often we email you there.`;
