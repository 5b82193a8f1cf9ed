import { Router, type Response } from 'express';
import type { CapturedMail, SmtpCapture } from './types';

/**
 * The dev outbox: what the capture server received, readable in a browser. The page has no
 * scripts (the app's CSP forbids inline ones); an HTML body opens on its own URL under a
 * sandboxing CSP, so a message can neither run code nor reach anything.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

const HTML_BODY_CSP = "sandbox; default-src 'none'; img-src data: https:; style-src 'unsafe-inline'; font-src data: https:";

const STYLE = `
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1.5rem; color: #1f2328; }
  h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
  .hint { color: #59636e; margin: 0 0 1.5rem; }
  article { border: 1px solid #d1d9e0; border-radius: 8px; padding: .75rem 1rem; margin-bottom: 1rem; }
  article h2 { font-size: 1.05rem; margin: 0 0 .25rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .75rem; margin: 0 0 .5rem; color: #59636e; }
  dd { margin: 0; color: #1f2328; overflow-wrap: anywhere; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #f6f8fa; padding: .75rem; border-radius: 6px; }
  summary { cursor: pointer; }
  a { color: #0969da; }
`;

function summary(mail: CapturedMail) {
  return {
    id: mail.id,
    receivedAt: mail.receivedAt.toISOString(),
    from: mail.from,
    to: mail.to,
    subject: mail.subject,
    messageId: mail.messageId,
    text: mail.text,
    html: mail.html,
    attachments: mail.attachments.map((a, index) => ({ index, filename: a.filename, contentType: a.contentType, size: a.content.length })),
  };
}

function renderMail(mail: CapturedMail, base: string): string {
  const href = `${base}/${encodeURIComponent(mail.id)}`;
  const attachments = mail.attachments
    .map(
      (a, i) =>
        `<li><a href="${escapeHtml(`${href}/attachments/${i}`)}">${escapeHtml(a.filename)}</a> (${escapeHtml(a.contentType)}, ${a.content.length} bytes)</li>`,
    )
    .join('');
  return `<article>
  <h2>${escapeHtml(mail.subject || '(no subject)')}</h2>
  <dl>
    <dt>Received</dt><dd><time datetime="${mail.receivedAt.toISOString()}">${escapeHtml(mail.receivedAt.toISOString())}</time></dd>
    <dt>To</dt><dd>${escapeHtml(mail.to.join(', '))}</dd>
    <dt>From</dt><dd>${escapeHtml(mail.from)}</dd>
  </dl>
  ${mail.html ? `<p><a href="${escapeHtml(`${href}/html`)}" target="_blank" rel="noopener noreferrer">View the HTML version</a></p>` : ''}
  <details><summary>Plain text</summary><pre>${escapeHtml(mail.text || '(no plain-text part)')}</pre></details>
  ${attachments ? `<p>Attachments:</p><ul>${attachments}</ul>` : ''}
</article>`;
}

function renderPage(messages: CapturedMail[], base: string): string {
  const list = messages.length ? messages.map((m) => renderMail(m, base)).join('\n') : '<p>No mail yet. Anything the app sends appears here.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Dev outbox (${messages.length})</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Dev outbox</h1>
<p class="hint">Mail captured by the local SMTP emulator, newest first. Nothing here was delivered. Reload to refresh; <a href="${escapeHtml(base)}.json">JSON</a>.</p>
${list}
</body>
</html>`;
}

const noStore = (res: Response) => res.setHeader('Cache-Control', 'no-store');

/** `GET /dev/outbox` (HTML) and `GET /dev/outbox.json`, plus each message's HTML body and attachments. */
export function outboxRouter(capture: Pick<SmtpCapture, 'messages'>, base = '/dev/outbox'): Router {
  const router = Router();
  const newestFirst = () => capture.messages().reverse();
  const find = (id: string) => capture.messages().find((m) => m.id === id);

  router.get(base, (_req, res) => {
    noStore(res);
    res.type('html').send(renderPage(newestFirst(), base));
  });

  router.get(`${base}.json`, (_req, res) => {
    noStore(res);
    res.json({ messages: newestFirst().map(summary) });
  });

  router.get(`${base}/:id/html`, (req, res) => {
    const mail = find(req.params.id);
    if (!mail?.html) return void res.status(404).type('text').send('No such message, or it has no HTML part');
    noStore(res);
    res.setHeader('Content-Security-Policy', HTML_BODY_CSP);
    res.type('html').send(mail.html);
  });

  router.get(`${base}/:id/attachments/:index`, (req, res) => {
    const attachment = find(req.params.id)?.attachments[Number(req.params.index)];
    if (!attachment) return void res.status(404).type('text').send('No such attachment');
    noStore(res);
    res.attachment(attachment.filename).type(attachment.contentType).send(attachment.content);
  });

  return router;
}
