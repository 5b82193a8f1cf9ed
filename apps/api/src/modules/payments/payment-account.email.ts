import type { TPaymentAccount } from '@slotwise/contracts';

/** The owners' email about their Stripe account: what Stripe needs, in plain words, and where to give it. */

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderAccountEmail(businessName: string, account: TPaymentAccount, url: string) {
  const lines: string[] = [];
  let subject: string;
  if (account.status === 'DISCONNECTED') {
    subject = `${businessName}: Stripe is disconnected`;
    lines.push(
      'Your Stripe account was disconnected from Slotwise. Customers cannot pay online for paid services until you connect Stripe again. Existing bookings are not affected.',
    );
  } else if (account.status === 'RESTRICTED') {
    subject = `${businessName}: Stripe has paused card payments`;
    lines.push(
      `Stripe has paused card payments on your account${account.disabledReason ? `: ${account.disabledReason}` : ''}. Paid services cannot be booked online until this is resolved.`,
    );
  } else {
    subject = `${businessName}: Stripe needs more information`;
    lines.push('Stripe needs more information about your business to keep payments running.');
  }
  if (account.requirements.length) lines.push(`What Stripe asks for: ${account.requirements.join('; ')}.`);
  lines.push(`Open Settings → Payments to continue: ${url}`);
  const text = `${lines.join('\n\n')}\n`;
  const html = `<!doctype html><html><body>${lines
    .slice(0, -1)
    .map((l) => `<p>${escape(l)}</p>`)
    .join('')}<p><a href="${escape(url)}">Open Settings → Payments</a></p></body></html>`;
  return { subject, text, html, attachments: [] };
}
