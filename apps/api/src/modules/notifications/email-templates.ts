import type { TBooking, TCancellationPolicy } from '@slotwise/contracts';
import type { MailAttachment } from '../../platform/mailer';
import { accentColor, calendarFile, describeInstant, describeWhen, escapeHtml, oneLine, textOn } from './email-format';
import type { EmailKind } from './notifications.keys';

/** What every template may use; the service gathers it. */
export type EmailContext = {
  booking: TBooking;
  tenant: { name: string; slug: string; timeZone: string; brandDisplayName: string | null; brandAccentColor: string | null };
  /** The customer's signed self-service link. */
  manageUrl: string;
  publicUrl: string;
  now: Date;
  /** The refund an email is about (`booking.payment_refunded`, `payment.refund_failed`): one of `booking.payment.refunds`. */
  refundId?: string;
  /** The dispute an email is about (`payment.dispute_*`): one of `booking.payment.disputes`. */
  disputeId?: string;
  /** A paid booking's cancellation policy (its service's or the business's), stated in its confirmation and change emails. */
  cancellationPolicy?: TCancellationPolicy;
};

export type RenderedEmail = { subject: string; text: string; html: string; attachments: MailAttachment[] };

type Link = { label: string; url: string };

/** One email, described once and rendered twice: as plain text and as HTML. */
type Message = {
  subject: string;
  heading: string;
  paragraphs: string[];
  details: [label: string, value: string][];
  /** The first is the button; the rest are plain links. */
  links: Link[];
  attachments?: MailAttachment[];
};

const brandOf = (ctx: Pick<EmailContext, 'tenant'>) => ctx.tenant.brandDisplayName?.trim() || ctx.tenant.name;
const root = (ctx: EmailContext) => ctx.publicUrl.replace(/\/+$/, '');

function forCustomer(ctx: EmailContext) {
  const b = ctx.booking;
  const when = describeWhen(new Date(b.startsAt), new Date(b.endsAt), b.timeZone);
  const details: Message['details'] = [
    ['What', b.service.name],
    ['With', `${b.resource.name}, ${brandOf(ctx)}`],
    ['When', when.long],
    ['Time zone', when.zone],
  ];
  return { b, when, details, manage: { label: 'View, reschedule or cancel', url: ctx.manageUrl } };
}

function forStaff(ctx: EmailContext) {
  const b = ctx.booking;
  const when = describeWhen(new Date(b.startsAt), new Date(b.endsAt), ctx.tenant.timeZone);
  const customer = b.customer.phone ? `${b.customer.name} <${b.customer.email}>, ${b.customer.phone}` : `${b.customer.name} <${b.customer.email}>`;
  const details: Message['details'] = [
    ['Customer', customer],
    ['What', b.service.name],
    ['With', b.resource.name],
    ['When', when.long],
    ['Time zone', when.zone],
  ];
  return { b, when, details, open: { label: 'Open bookings', url: `${root(ctx)}/bookings` } };
}

function invite(ctx: EmailContext): MailAttachment {
  const b = ctx.booking;
  const content = calendarFile({
    bookingId: b.id,
    startsAt: new Date(b.startsAt),
    endsAt: new Date(b.endsAt),
    summary: `${b.service.name} with ${brandOf(ctx)}`,
    description: `${b.service.name} with ${b.resource.name}, ${brandOf(ctx)}.\n\nView, reschedule or cancel: ${ctx.manageUrl}`,
    url: ctx.manageUrl,
    location: brandOf(ctx),
    sequence: b.version,
    stamp: ctx.now,
  });
  return { filename: 'booking.ics', content, contentType: 'text/calendar; charset=utf-8; method=PUBLISH' };
}

/** An amount in minor units as a person reads it, in the currency's own decimals (¥1,000, $12.50, KWD 1.250). */
function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat('en-GB', { style: 'currency', currency });
  return format.format(amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
}

/** The dispute an email is about, from the booking's payment. */
const disputeOf = (ctx: EmailContext) => ctx.booking.payment?.disputes.find((d) => d.id === ctx.disputeId) ?? null;

const policyTimes = new Map<string, Intl.DateTimeFormat>();
/** "Tue 5 Mar, 10:00": an instant on the reader's clock. */
function dayAndTime(at: Date, timeZone: string): string {
  let f = policyTimes.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    policyTimes.set(timeZone, f);
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => f.formatToParts(at).find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('day')} ${part('month')}, ${part('hour')}:${part('minute')}`;
}

/**
 * The cancellation policy in plain words, from the booking's start, on the customer's clock:
 * "Free cancellation until Tue 12 May, 10:00; after that 50 % is refunded." (payments'
 * cancellation-policy.ts decides the same: at or before that instant everything comes back).
 */
export function policyInWords(policy: TCancellationPolicy, startsAt: Date, timeZone: string): string {
  const until = dayAndTime(new Date(startsAt.getTime() - policy.freeCancellationHours * 3_600_000), timeZone);
  const late = policy.lateRefundPercent;
  const after = late === 0 ? 'no refund' : late === 100 ? 'everything paid is still refunded' : `${late} % is refunded`;
  return `Free cancellation until ${until}; after that ${after}.`;
}

/** The policy sentence for a paid booking's email, when the service gave one. */
const policyOf = (ctx: EmailContext) =>
  ctx.cancellationPolicy && ctx.booking.payment?.paidAt ? [policyInWords(ctx.cancellationPolicy, new Date(ctx.booking.startsAt), ctx.booking.timeZone)] : [];

/** A deposit paid online and the rest due at the venue: "Deposit paid: €20.00 · balance due at the venue: €60.00". */
function depositOf(b: EmailContext['booking']): { paid: string; due: string; line: string } | null {
  const p = b.payment;
  if (p?.kind !== 'DEPOSIT' || p.status !== 'SUCCEEDED') return null;
  const paid = formatMoney(p.amountMinor, p.currency);
  const due = formatMoney(p.balanceDueMinor, p.currency);
  return { paid, due, line: `Deposit paid: ${paid} · balance due at the venue: ${due}` };
}

/** A Stripe payment that succeeded for this booking, if any. */
const paidAmount = (b: EmailContext['booking']) =>
  b.payment && b.payment.status === 'SUCCEEDED' ? formatMoney(b.payment.amountMinor, b.payment.currency) : null;

const TEMPLATES: Record<EmailKind, (ctx: EmailContext) => Message> = {
  'booking.confirmation': (ctx) => {
    const { b, when, details, manage } = forCustomer(ctx);
    const paid = paidAmount(b);
    const deposit = depositOf(b);
    const card = b.payment?.cardLast4 ? ` (card ending ${b.payment.cardLast4})` : '';
    return {
      subject: `Confirmed: ${b.service.name} on ${when.short}`,
      heading: deposit ? 'Deposit received: your booking is confirmed' : paid ? 'Payment received: your booking is confirmed' : 'Your booking is confirmed',
      paragraphs: [
        `Hi ${b.customer.name},`,
        paid
          ? `we received your ${deposit ? 'deposit' : 'payment'} of ${paid}, and your booking with ${brandOf(ctx)} is confirmed. The attached calendar file adds it to your calendar.`
          : `your booking with ${brandOf(ctx)} is confirmed. The attached calendar file adds it to your calendar.`,
        ...(deposit ? [`${deposit.line}.`] : []),
        ...policyOf(ctx),
      ],
      details: deposit
        ? [...details, ['Paid', `${deposit.paid} deposit${card}`], ['Balance due', `${deposit.due} at the venue`]]
        : paid
          ? [...details, ['Paid', `${paid}${card}`]]
          : details,
      links: [manage],
      attachments: [invite(ctx)],
    };
  },
  'booking.reminder': (ctx) => {
    const { b, when, details, manage } = forCustomer(ctx);
    return {
      subject: `Reminder: ${b.service.name} on ${when.short}`,
      heading: 'Your booking is coming up',
      paragraphs: [`Hi ${b.customer.name},`, `a reminder of your booking with ${brandOf(ctx)}.`],
      details,
      links: [manage],
    };
  },
  'booking.cancellation': (ctx) => {
    const { b, when, details, manage } = forCustomer(ctx);
    return {
      subject: `Cancelled: ${b.service.name} on ${when.short}`,
      heading: 'Your booking was cancelled',
      paragraphs: [`Hi ${b.customer.name},`, `your booking with ${brandOf(ctx)} has been cancelled.`],
      details,
      links: [
        { label: 'Book another time', url: `${root(ctx)}/book/${encodeURIComponent(ctx.tenant.slug)}` },
        { label: 'Booking details', url: manage.url },
      ],
    };
  },
  'booking.rescheduled': (ctx) => {
    const { b, when, details, manage } = forCustomer(ctx);
    return {
      subject: `Rescheduled: ${b.service.name}, now ${when.short}`,
      heading: 'Your booking has changed',
      paragraphs: [
        `Hi ${b.customer.name},`,
        `your booking with ${brandOf(ctx)} has changed. The details are below; the attached calendar file updates your calendar.`,
        ...policyOf(ctx),
      ],
      details,
      links: [manage],
      attachments: [invite(ctx)],
    };
  },
  'booking.payment_refunded': (ctx) => {
    const { b, when, details } = forCustomer(ctx);
    const p = b.payment;
    const refund = p?.refunds.find((r) => r.id === ctx.refundId);
    const paid = p ? formatMoney(p.amountMinor, p.currency) : 'your payment';
    // Jobs queued before refunds were rows name no refund: those were refunds in full.
    const amount = refund ? formatMoney(refund.amountMinor, refund.currency) : paid;
    const full = !refund || !p || refund.amountMinor >= p.amountMinor;
    const why =
      b.status === 'CANCELLED'
        ? `your booking with ${brandOf(ctx)} was cancelled, so `
        : (!refund || refund.origin === 'SYSTEM') && full
          ? `your payment reached ${brandOf(ctx)} after this time could no longer be held for you, so `
          : '';
    const what = full ? `your payment of ${amount} was refunded in full.` : `${amount} of your payment of ${paid} was refunded.`;
    return {
      subject: `${full ? 'Refunded' : 'Partly refunded'}: ${b.service.name} on ${when.short}`,
      heading: full ? 'Your payment was refunded' : 'Part of your payment was refunded',
      paragraphs: [
        `Hi ${b.customer.name},`,
        why ? `${why}${what}` : `${brandOf(ctx)} refunded you: ${what}`,
        'Refunds take 5–10 business days to appear on your statement.',
      ],
      details: [...details, ['Refunded', amount], ...(full ? [] : ([['Paid', paid]] as [string, string][]))],
      links: [{ label: 'Book another time', url: `${root(ctx)}/book/${encodeURIComponent(ctx.tenant.slug)}` }],
    };
  },
  'payment.refund_failed': (ctx) => {
    const { b, when, details, open } = forStaff(ctx);
    const refund = b.payment?.refunds.find((r) => r.id === ctx.refundId);
    const amount = refund ? formatMoney(refund.amountMinor, refund.currency) : 'A refund';
    return {
      subject: `Refund failed: ${amount} to ${b.customer.name}`,
      heading: 'A refund could not be made',
      paragraphs: [
        `The refund of ${amount} to ${b.customer.name} for ${b.service.name} on ${when.short} failed${refund?.failureReason ? `: ${refund.failureReason}` : ''}.`,
        'The money stays in your Stripe balance. Contact the customer to return it another way, or refund again from the booking.',
      ],
      details: [...details, ['Refund', amount]],
      links: [open],
    };
  },
  'payment.dispute_opened': (ctx) => {
    const { b, when, details, open } = forStaff(ctx);
    const d = disputeOf(ctx);
    const amount = d ? formatMoney(d.amountMinor, d.currency) : 'a payment';
    const due = d?.evidenceDueBy ? describeInstant(new Date(d.evidenceDueBy), ctx.tenant.timeZone) : null;
    return {
      subject: `Payment disputed: ${amount} from ${b.customer.name}`,
      heading: 'A customer disputed a payment',
      paragraphs: [
        `${b.customer.name}'s bank opened a dispute (a chargeback) of ${amount} on the payment for ${b.service.name} on ${when.short}.`,
        ...(d ? [`Reason given: ${d.reasonText}.`] : []),
        `Stripe holds back the disputed amount and its dispute fee until the bank decides. Respond in your Stripe dashboard with your evidence (the booking, messages with the customer, proof they came)${due ? ` by ${due}` : ''}: a dispute left unanswered is lost.`,
      ],
      details: [
        ...details,
        ['Disputed', amount],
        ...(d ? ([['Reason', d.reasonText]] as [string, string][]) : []),
        ...(due ? ([['Evidence due', due]] as [string, string][]) : []),
      ],
      links: [{ label: 'Respond in your Stripe dashboard', url: `https://dashboard.stripe.com/disputes${d ? `/${d.stripeDisputeId}` : ''}` }, open],
    };
  },
  'payment.dispute_closed': (ctx) => {
    const { b, details, open } = forStaff(ctx);
    const d = disputeOf(ctx);
    const amount = d ? formatMoney(d.amountMinor, d.currency) : 'the payment';
    const won = d?.outcome === 'WON';
    return {
      subject: `Dispute ${won ? 'won' : 'lost'}: ${amount} from ${b.customer.name}`,
      heading: won ? 'You won a payment dispute' : 'You lost a payment dispute',
      paragraphs: [
        won
          ? `The bank decided ${b.customer.name}'s dispute in your favour: ${amount} and the dispute fee are back in your Stripe balance.`
          : `The bank decided ${b.customer.name}'s dispute in their favour: ${amount} goes back to them, and Stripe keeps its dispute fee.`,
      ],
      details: [...details, ['Disputed', amount], ...(d ? ([['Reason', d.reasonText]] as [string, string][]) : []), ['Outcome', won ? 'Won' : 'Lost']],
      links: [open],
    };
  },
  'tenant.new_booking': (ctx) => {
    const { b, when, details, open } = forStaff(ctx);
    return {
      subject: `New booking: ${b.customer.name}, ${b.service.name} on ${when.short}`,
      heading: 'New booking',
      paragraphs: [`${b.customer.name} booked ${b.service.name} with ${b.resource.name}.`],
      details: b.notes ? [...details, ['Notes', b.notes]] : details,
      links: [open],
    };
  },
  'tenant.cancellation': (ctx) => {
    const { b, when, details, open } = forStaff(ctx);
    return {
      subject: `Cancelled: ${b.customer.name}, ${b.service.name} on ${when.short}`,
      heading: 'Booking cancelled',
      paragraphs: [`The booking of ${b.service.name} by ${b.customer.name} was cancelled; the time is free again.`],
      details: b.cancellationReason ? [...details, ['Reason', b.cancellationReason]] : details,
      links: [open],
    };
  },
};

function toText(m: Message, brand: string): string {
  const width = Math.max(...m.details.map(([label]) => label.length)) + 2;
  return [
    m.heading,
    '',
    ...m.paragraphs.flatMap((p) => [p, '']),
    ...(m.details.length ? [...m.details.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`), ''] : []),
    ...m.links.map((l) => `${l.label}: ${l.url}`),
    '',
    `— ${brand}`,
    '',
  ].join('\n');
}

function toHtml(m: Message, brand: string, accent: string): string {
  const font = 'font-family:-apple-system,BlinkMacSystemFont,Segoe UI,Roboto,Helvetica,Arial,sans-serif';
  const [button, ...others] = m.links;
  const rows = m.details
    .map(
      ([label, value]) =>
        `<tr><td style="padding:4px 16px 4px 0;color:#555555;vertical-align:top;white-space:nowrap">${escapeHtml(label)}</td><td style="padding:4px 0;color:#111111">${escapeHtml(value)}</td></tr>`,
    )
    .join('');
  const buttonHtml = button
    ? `<p style="margin:24px 0"><a href="${escapeHtml(button.url)}" style="display:inline-block;background:${accent};color:${textOn(accent)};text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">${escapeHtml(button.label)}</a></p>`
    : '';
  const linkList = [...(button ? [{ label: `Or open this link`, url: button.url }] : []), ...others]
    .map(
      (l) =>
        `<p style="margin:4px 0;font-size:13px;color:#555555">${escapeHtml(l.label)}: <a href="${escapeHtml(l.url)}" style="color:${accent};word-break:break-all">${escapeHtml(l.url)}</a></p>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(m.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;border-top:4px solid ${accent};${font};font-size:15px;line-height:1.5;color:#111111">
<tr><td style="padding:24px">
<p style="margin:0 0 8px;font-size:13px;font-weight:600;color:${accent}">${escapeHtml(brand)}</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(m.heading)}</h1>
${m.paragraphs.map((p) => `<p style="margin:0 0 12px">${escapeHtml(p)}</p>`).join('\n')}
${rows ? `<table role="presentation" cellpadding="0" cellspacing="0" style="margin:16px 0;font-size:15px">${rows}</table>` : ''}
${buttonHtml}
${linkList}
</td></tr></table>
</td></tr></table>
</body></html>`;
}

export function renderEmail(kind: EmailKind, ctx: EmailContext): RenderedEmail {
  return render(TEMPLATES[kind](ctx), ctx.tenant);
}

function render(m: Message, tenant: EmailContext['tenant']): RenderedEmail {
  const brand = brandOf({ tenant });
  return {
    subject: oneLine(m.subject),
    text: toText(m, brand),
    html: toHtml(m, brand, accentColor(tenant.brandAccentColor)),
    attachments: m.attachments ?? [],
  };
}

const ROLE_NAMES = { OWNER: 'an owner', ADMIN: 'an admin', STAFF: 'a staff member' } as const;

/** The invitation to join a business's team; the link is the credential, so it is the button. */
export function renderInvitationEmail(ctx: {
  tenant: EmailContext['tenant'];
  inviterName: string | null;
  role: keyof typeof ROLE_NAMES;
  acceptUrl: string;
  expiresAt: Date;
}): RenderedEmail {
  const name = brandOf(ctx);
  const who = ctx.inviterName ? `${ctx.inviterName} has invited you` : 'You have been invited';
  const until = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: ctx.tenant.timeZone }).format(ctx.expiresAt);
  return render(
    {
      subject: `Join ${name} on Slotwise`,
      heading: `Join ${name}`,
      paragraphs: [
        `${who} to join ${name} on Slotwise as ${ROLE_NAMES[ctx.role]}, to see and manage its bookings.`,
        `The link works once, until ${until}. If you did not expect this, ignore this email.`,
      ],
      details: [],
      links: [{ label: 'Accept the invitation', url: ctx.acceptUrl }],
    },
    ctx.tenant,
  );
}

/** Emails about a Slotwise account rather than a business: Slotwise's own name and colours. */
const SLOTWISE: EmailContext['tenant'] = { name: 'Slotwise', slug: '', timeZone: 'UTC', brandDisplayName: null, brandAccentColor: null };

export type AccountEmail =
  | { kind: 'signup'; url: string; businessName: string; validHours: number }
  | { kind: 'verify-email'; url: string; validHours: number }
  | { kind: 'password-reset'; url: string; validMinutes: number }
  /** Someone tried to sign up with an address that has an account: no link to follow, only where to go. */
  | { kind: 'account-exists'; signInUrl: string; resetUrl: string }
  /** The single-use link to a customer's saved cards (payments wallet), asked for with this address. */
  | { kind: 'wallet-link'; url: string; validHours: number };

/** The link is the credential in all but `account-exists`, so it is the button. */
export function renderAccountEmail(e: AccountEmail): RenderedEmail {
  const ignore = 'If this was not you, ignore this email: nothing changes until the link is followed.';
  const messages: { [K in AccountEmail['kind']]: (e: Extract<AccountEmail, { kind: K }>) => Message } = {
    signup: (e) => ({
      subject: 'Finish creating your Slotwise account',
      heading: `Finish setting up ${e.businessName}`,
      paragraphs: [
        `Follow the link to choose your password and open ${e.businessName} on Slotwise.`,
        `The link works once, for ${e.validHours} hours. ${ignore}`,
      ],
      details: [],
      links: [{ label: 'Finish creating your account', url: e.url }],
    }),
    'verify-email': (e) => ({
      subject: 'Verify your email address for Slotwise',
      heading: 'Verify your email address',
      paragraphs: [
        'Follow the link to confirm that this address is yours. A business can take payments once its owner has verified their address.',
        `The link works once, for ${e.validHours} hours. ${ignore}`,
      ],
      details: [],
      links: [{ label: 'Verify my email address', url: e.url }],
    }),
    'password-reset': (e) => ({
      subject: 'Reset your Slotwise password',
      heading: 'Reset your password',
      paragraphs: [
        'Follow the link to choose a new password. Setting it signs your account out on every device.',
        `The link works once, for ${e.validMinutes} minutes. If you did not ask for this, ignore this email: your password stays as it is.`,
      ],
      details: [],
      links: [{ label: 'Choose a new password', url: e.url }],
    }),
    'account-exists': (e) => ({
      subject: 'You already have a Slotwise account',
      heading: 'You already have an account',
      paragraphs: [
        'Someone, probably you, tried to create a Slotwise account with this email address. It already has one, so nothing was created.',
        'Sign in to add another business to your account. If you have forgotten your password, you can reset it. If this was not you, ignore this email.',
      ],
      details: [],
      links: [
        { label: 'Sign in', url: e.signInUrl },
        { label: 'Forgot your password?', url: e.resetUrl },
      ],
    }),
    'wallet-link': (e) => ({
      subject: 'Your saved cards on Slotwise',
      heading: 'Your saved cards',
      paragraphs: [
        'Follow the link to see, add or remove the cards you keep with Slotwise to pay businesses in one click when you book.',
        `The link works once, for ${e.validHours} hours, and opens your cards on that device for 30 days. ${ignore}`,
      ],
      details: [],
      links: [{ label: 'Open my saved cards', url: e.url }],
    }),
  };
  return render((messages[e.kind] as (e: AccountEmail) => Message)(e), SLOTWISE);
}
