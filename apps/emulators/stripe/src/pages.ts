import { completeOnboarding, leaveOnboarding } from './accounts';
import { formatAmount } from './currencies';
import { StripeApiError } from './errors';
import { parseForm } from './forms';
import { asksAuthentication, paySession, type CardInput } from './payments';
import type { Core } from './router';
import { completeSetup } from './setup';
import { randomId } from './store';
import type { CheckoutSession } from './types';

/**
 * The hosted pages a person (or Playwright) sees: Checkout at a session's `url` (pay, or save a card
 * in `setup` mode, with an authentication step for cards whose bank asks for it) and the Connect
 * onboarding page behind an account link. Plain server-rendered HTML with labelled controls.
 */

export type PageResponse = { status: number; headers?: Record<string, string>; html?: string };

const STYLE = `body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1a1f36}
.badge{display:inline-block;background:#ffde92;color:#5c3b00;border-radius:4px;padding:2px 6px;font-size:.75rem;font-weight:600}
label{display:block;margin:.75rem 0 .25rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.6rem 1rem;font-size:1rem;cursor:pointer}.error{color:#b3093c;font-weight:600}
table{width:100%;border-collapse:collapse}td{padding:.25rem 0}td.amount{text-align:right}`;

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>
<p><span class="badge">Test mode</span> Stripe emulator</p>${body}</main></body></html>`;
}

function redirect(location: string): PageResponse {
  return { status: 303, headers: { location } };
}

function successUrl(session: CheckoutSession): string | null {
  return session.success_url ? session.success_url.replaceAll('{CHECKOUT_SESSION_ID}', session.id) : null;
}

function checkoutPage(core: Core, session: CheckoutSession, error?: string, values: Record<string, string> = {}): string {
  if (session.mode === 'setup') return setupPage(session, error, values);
  const items = core.store.lineItems.get(session.id) ?? [];
  const total = formatAmount(session.amount_total ?? 0, session.currency ?? 'usd');
  const rows = items
    .map(
      (li) =>
        `<tr><td>${escapeHtml(li.description)}${li.quantity > 1 ? ` × ${li.quantity}` : ''}</td><td class="amount">${escapeHtml(formatAmount(li.amount_total, li.currency))}</td></tr>`,
    )
    .join('');
  const v = (name: string, fallback = '') => escapeHtml(values[name] ?? fallback);
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : '';
  return layout(
    `Pay ${total}`,
    `<h1>Pay ${escapeHtml(total)}</h1>
<table aria-label="Order summary">${rows}<tr><td><strong>Total due</strong></td><td class="amount"><strong>${escapeHtml(total)}</strong></td></tr></table>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/c/pay/${escapeHtml(session.id)}" aria-label="Pay with card">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${v('email', session.customer_email ?? '')}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required value="${v('card_number')}">
<label for="exp">Expiration (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34" value="${v('exp')}">
<label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" value="${v('cvc')}">
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" value="${v('name')}">
<button type="submit">Pay ${escapeHtml(total)}</button>
</form>${cancel}
<p><small>Test cards: 4242 4242 4242 4242 succeeds · 4000 0000 0000 0002 is declined · 4000 0000 0000 9995 has insufficient funds · 4000 0025 0000 3155 asks for authentication.</small></p>`,
  );
}

const CARD_FIELDS = ['email', 'card_number', 'exp', 'cvc', 'name'] as const;

/** `setup` mode: save a card for later payments; nothing is charged. */
function setupPage(session: CheckoutSession, error?: string, values: Record<string, string> = {}): string {
  const v = (name: string, fallback = '') => escapeHtml(values[name] ?? fallback);
  const cancel = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Cancel and go back</a></p>` : '';
  return layout(
    'Save your card',
    `<h1>Save your card</h1><p>Your card is saved for future payments. Nothing is charged now.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/c/pay/${escapeHtml(session.id)}" aria-label="Save a card">
<label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" value="${v('email', session.customer_email ?? '')}">
<label for="card_number">Card number</label><input id="card_number" name="card_number" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required value="${v('card_number')}">
<label for="exp">Expiration (MM / YY)</label><input id="exp" name="exp" autocomplete="cc-exp" placeholder="12 / 34" value="${v('exp')}">
<label for="cvc">CVC</label><input id="cvc" name="cvc" inputmode="numeric" autocomplete="cc-csc" placeholder="123" value="${v('cvc')}">
<label for="name">Name on card</label><input id="name" name="name" autocomplete="cc-name" value="${v('name')}">
<button type="submit">Save card</button>
</form>${cancel}
<p><small>Test cards: 4242 4242 4242 4242 is saved · 4000 0000 0000 0002 is declined · 4000 0025 0000 3155 asks for authentication · 4000 0000 0000 0341 is saved, then declined when charged.</small></p>`,
  );
}

/** The bank's 3-D Secure step, in test mode a choice: the card details travel on in hidden fields. */
function authenticationPage(session: CheckoutSession, values: Record<string, string>): string {
  const hidden = CARD_FIELDS.map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(values[name] ?? '')}">`).join('\n');
  const what = session.mode === 'setup' ? 'to save this card' : `to pay ${escapeHtml(formatAmount(session.amount_total ?? 0, session.currency ?? 'usd'))}`;
  return layout(
    'Authenticate your card',
    `<h1>Authenticate your card</h1><p>Your bank asks you to confirm it is you ${what}.</p>
<form method="post" action="/c/pay/${escapeHtml(session.id)}" aria-label="Authenticate">
${hidden}
<button type="submit" name="authenticate" value="complete">Complete authentication</button>
<button type="submit" name="authenticate" value="fail">Fail authentication</button>
</form>`,
  );
}

function closedPage(session: CheckoutSession): PageResponse {
  if (session.status === 'expired') {
    const back = session.cancel_url ? `<p><a href="${escapeHtml(session.cancel_url)}">Return to the merchant</a></p>` : '';
    return {
      status: 410,
      html: layout(
        'This checkout session has expired',
        `<h1>This checkout session has expired</h1><p>The time to pay has run out. Nothing was charged.</p>${back}`,
      ),
    };
  }
  const next = successUrl(session);
  const link = next ? `<p><a href="${escapeHtml(next)}">Continue</a></p>` : '';
  if (session.mode === 'setup') return { status: 200, html: layout('Card saved', `<h1>Card saved</h1><p>Your card is saved for future payments.</p>${link}`) };
  return {
    status: 200,
    html: layout(
      'Payment complete',
      `<h1>Payment complete</h1><p>${escapeHtml(formatAmount(session.amount_total ?? 0, session.currency ?? 'usd'))} was paid. Thank you.</p>${link}`,
    ),
  };
}

function readCardForm(form: Record<string, unknown>): CardInput {
  const text = (key: string) => (typeof form[key] === 'string' ? form[key].trim() : '');
  const exp = text('exp').match(/^(\d{1,2})\s*\/\s*(\d{2,4})$/);
  return {
    number: text('card_number'),
    ...(exp ? { expMonth: Number(exp[1]), expYear: Number(exp[2]) } : {}),
    ...(text('cvc') ? { cvc: text('cvc') } : {}),
    ...(text('name') ? { name: text('name') } : {}),
    ...(text('email') ? { email: text('email') } : {}),
  };
}

function handleCheckout(core: Core, method: string, sessionId: string, body: string): PageResponse {
  const located = core.store.locate(sessionId);
  if (!located || located.obj.object !== 'checkout.session') {
    return { status: 404, html: layout('Checkout session not found', '<h1>Checkout session not found</h1><p>This payment link is not valid.</p>') };
  }
  const session = located.obj;
  if (session.status !== 'open') return closedPage(session);
  if (method !== 'POST') return { status: 200, html: checkoutPage(core, session) };
  const form = parseForm(body);
  const values = Object.fromEntries(Object.entries(form).filter((e): e is [string, string] => typeof e[1] === 'string'));
  const card = readCardForm(form);
  const authenticate = values.authenticate === 'complete' || values.authenticate === 'fail' ? values.authenticate : undefined;
  // The bank's authentication step comes before anything is attempted; its answer comes back with the card.
  if (!authenticate && asksAuthentication(card.number)) return { status: 200, html: authenticationPage(session, values) };
  try {
    const ctx = { now: core.now(), requestId: null, idempotencyKey: null };
    if (session.mode === 'setup') completeSetup(core, ctx, session.id, { ...card, authenticate });
    else paySession(core, ctx, session.id, { ...card, authenticate });
  } catch (err) {
    if (!(err instanceof StripeApiError)) throw err;
    return { status: err.status, html: checkoutPage(core, session, err.body.message, values) };
  }
  return successUrl(session) ? redirect(successUrl(session) as string) : closedPage(session);
}

function handleOnboarding(core: Core, method: string, token: string, body: string): PageResponse {
  const link = core.store.accountLinks.get(token);
  if (!link) return { status: 404, html: layout('Link not found', '<h1>This link is not valid</h1>') };
  if (method === 'POST') {
    const form = parseForm(body);
    if (!link.formToken || form.form_token !== link.formToken) return redirect(link.refreshUrl);
    link.formToken = null;
    const ctx = { now: core.now(), requestId: null, idempotencyKey: null };
    if (form.action === 'complete') completeOnboarding(core, ctx, link.account);
    else leaveOnboarding(core, ctx, link.account);
    return redirect(link.returnUrl);
  }
  // Account links are single use and expire: a second visit or a late one goes to refresh_url.
  if (link.used || core.now() >= link.expiresAt) return redirect(link.refreshUrl);
  link.used = true;
  link.formToken = randomId('', 24);
  const account = core.store.get('account', link.account, null);
  const due = account?.requirements.currently_due ?? [];
  const dueList = due.length ? `<p>Still needed:</p><ul>${due.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '<p>Nothing is due.</p>';
  return {
    status: 200,
    html: layout(
      'Set up payments',
      `<h1>Set up payments</h1><p>Connected account <code>${escapeHtml(link.account)}</code></p>${dueList}
<form method="post" action="/connect/onboarding/${escapeHtml(token)}">
<input type="hidden" name="form_token" value="${escapeHtml(link.formToken)}">
<button type="submit" name="action" value="complete">Complete onboarding</button>
<button type="submit" name="action" value="leave">Save and finish later</button>
</form>`,
    ),
  };
}

/** The hosted page for a path, or undefined when the path is not one. */
export function handlePage(core: Core, method: string, pathname: string, body: string): PageResponse | undefined {
  if (method !== 'GET' && method !== 'POST') return undefined;
  const checkout = pathname.match(/^\/c\/pay\/([^/]+)$/);
  if (checkout) return handleCheckout(core, method, decodeURIComponent(checkout[1] as string), body);
  const onboarding = pathname.match(/^\/connect\/onboarding\/([^/]+)$/);
  if (onboarding) return handleOnboarding(core, method, decodeURIComponent(onboarding[1] as string), body);
  return undefined;
}
