import { WALLET_CONSENT_TEXTS, WALLET_CONSENT_VERSION } from '@slotwise/contracts/wallet-consent';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button } from '../ui/Button';
import { CheckIcon, MailIcon } from '../ui/icons';
import { describeError, publicApi, PublicApiError, type TWallet, type TWalletCard } from './api';
import { leavePage } from './checkout';
import { LiveNotice, PublicShell, StateCard, StepHeading } from './PublicShell';
import { cardLabel, clearWalletSession, readWalletSession, saveWalletSession, type WalletSessionKept } from './wallet-session';
import './wallet.css';

type WalletPageProps = {
  /** From the emailed link: exchanged for a session on this device. */
  token: string | null;
  /** Back from Stripe's page that saved a card. */
  setupSession: string | null;
  /** Back from Stripe's page without saving one. */
  setupCancelled: boolean;
};

type Notice = { tone: 'danger' | 'success'; text: string } | null;
type PageState =
  | { state: 'loading' }
  | { state: 'ask'; notice: string | null }
  | { state: 'sent'; email: string }
  | { state: 'ready'; session: WalletSessionKept; wallet: TWallet }
  | { state: 'error'; message: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const savedOn = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'long', year: 'numeric' });

/** The address without the link's or Stripe's parameters (a reload must not use them again). */
function forgetQuery() {
  window.history.replaceState(window.history.state, '', '/wallet');
}

/**
 * The customer's saved cards, across every business on Slotwise: no password — an emailed link
 * opens them on this device. Cards are added on Stripe's page (Checkout in setup mode) after the
 * customer agreed to the wording shown here, and can be removed at any time.
 */
export function WalletPage({ token, setupSession, setupCancelled }: WalletPageProps) {
  const [page, setPage] = useState<PageState>({ state: 'loading' });
  const [notice, setNotice] = useState<Notice>(setupCancelled ? { tone: 'danger', text: 'Nothing was saved: you left the card page.' } : null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    document.title = 'Your saved cards · Slotwise';
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    const ask = (why: string | null) => setPage({ state: 'ask', notice: why });
    async function open() {
      let session = readWalletSession();
      if (token) {
        try {
          const opened = await publicApi.walletSession(token);
          saveWalletSession(opened);
          session = opened;
        } catch (err) {
          if (err instanceof PublicApiError && (err.status === 404 || err.status === 400)) {
            forgetQuery();
            return ask('That link was used already or has expired. Enter your email address for a new one.');
          }
          throw err;
        } finally {
          if (!controller.signal.aborted) forgetQuery();
        }
      }
      if (!session) return ask(setupSession ? 'Open your saved cards from the emailed link again to finish adding the card.' : null);
      if (setupSession) {
        try {
          const card = await publicApi.walletCompleteSetup(session.sessionToken, setupSession);
          setNotice({ tone: 'success', text: `${cardLabel(card)} is saved. You can pay with it in one click when you book.` });
        } catch (err) {
          if (!(err instanceof PublicApiError) || err.status === 401) throw err;
          setNotice({ tone: 'danger', text: 'Stripe has not confirmed the card yet. Reload this page in a moment.' });
        }
        forgetQuery();
      }
      const wallet = await publicApi.wallet(session.sessionToken, controller.signal);
      setPage({ state: 'ready', session, wallet });
    }
    open().catch((err: unknown) => {
      if (controller.signal.aborted) return;
      if (err instanceof PublicApiError && err.status === 401) {
        clearWalletSession();
        return ask('Your saved cards were closed on this device. Enter your email address for a new link.');
      }
      setPage({ state: 'error', message: describeError(err) });
    });
    return () => controller.abort();
  }, [token, setupSession, attempt]);

  function signOut() {
    clearWalletSession();
    setNotice(null);
    setPage({ state: 'ask', notice: null });
  }

  return (
    <PublicShell tenant={null} embed={false}>
      {page.state === 'loading' && <StateCard title="Opening your saved cards…" busy />}
      {page.state === 'error' && (
        <StateCard title="We couldn’t open your saved cards">
          <p className="state__text">{page.message}</p>
          <button type="button" className="btn btn--primary" onClick={() => setAttempt((n) => n + 1)}>
            Try again
          </button>
        </StateCard>
      )}
      {page.state === 'ask' && <AskForLink notice={page.notice} onSent={(email) => setPage({ state: 'sent', email })} />}
      {page.state === 'sent' && (
        <section className="card wallet" aria-labelledby="wallet-title">
          <span className="wallet__badge" aria-hidden="true">
            <MailIcon size={26} />
          </span>
          <StepHeading id="wallet-title" focus>
            Check your inbox
          </StepHeading>
          <p className="wallet__lead">
            If <strong>{page.email}</strong> can use saved cards, a link to them is on its way. It works once, for 24 hours, and opens your cards on the device
            you open it on.
          </p>
          <button type="button" className="btn btn--secondary" onClick={() => setPage({ state: 'ask', notice: null })}>
            Use another email address
          </button>
        </section>
      )}
      {page.state === 'ready' && (
        <Cards
          session={page.session}
          wallet={page.wallet}
          notice={notice}
          onNotice={setNotice}
          onChange={(wallet) => setPage({ ...page, wallet })}
          onSessionEnded={() => {
            clearWalletSession();
            setPage({ state: 'ask', notice: 'Your saved cards were closed on this device. Enter your email address for a new link.' });
          }}
          onSignOut={signOut}
        />
      )}
    </PublicShell>
  );
}

function AskForLink({ notice, onSent }: { notice: string | null; onSent: (email: string) => void }) {
  const [email, setEmail] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = email.trim();
    if (!EMAIL.test(typed)) {
      setError('Enter an email address like name@example.com.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await publicApi.walletLink(typed);
      onSent(typed);
    } catch (err) {
      setError(describeError(err));
      setBusy(false);
    }
  }

  return (
    <section className="card wallet" aria-labelledby="wallet-title">
      <StepHeading id="wallet-title" focus={false}>
        Your saved cards
      </StepHeading>
      <p className="wallet__lead">
        Pay any business that takes bookings on Slotwise in one click. Enter the email address you book with and we’ll email you a link to see, add or remove
        your cards — no password needed.
      </p>
      <LiveNotice message={notice} />
      <form className="wallet__form" onSubmit={(event) => void submit(event)} noValidate>
        <div className={error ? 'field field--invalid' : 'field'}>
          <label className="field__label" htmlFor={id}>
            Email
          </label>
          <input
            id={id}
            className="input"
            name="email"
            type="email"
            autoComplete="email"
            inputMode="email"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p className="field__error" id={`${id}-error`}>
              {error}
            </p>
          )}
        </div>
        <Button type="submit" variant="primary" busy={busy}>
          {busy ? 'Sending…' : 'Email me a link'}
        </Button>
      </form>
    </section>
  );
}

type CardsProps = {
  session: WalletSessionKept;
  wallet: TWallet;
  notice: Notice;
  onNotice: (notice: Notice) => void;
  onChange: (wallet: TWallet) => void;
  onSessionEnded: () => void;
  onSignOut: () => void;
};

function Cards({ session, wallet, notice, onNotice, onChange, onSessionEnded, onSignOut }: CardsProps) {
  const [agreed, setAgreed] = useState(false);
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const consentId = useId();

  function failed(err: unknown) {
    if (err instanceof PublicApiError && err.status === 401) return onSessionEnded();
    onNotice({ tone: 'danger', text: describeError(err) });
  }

  async function add() {
    setAdding(true);
    onNotice(null);
    try {
      const { url } = await publicApi.walletSetup(session.sessionToken, WALLET_CONSENT_VERSION);
      leavePage.to(url);
    } catch (err) {
      setAdding(false);
      failed(err);
    }
  }

  async function remove(card: TWalletCard) {
    setRemoving(card.id);
    try {
      onChange(await publicApi.walletRemoveCard(session.sessionToken, card.id));
      onNotice({ tone: 'success', text: `${cardLabel(card)} is removed. It can no longer be used to pay.` });
    } catch (err) {
      failed(err);
    } finally {
      setRemoving(null);
      setConfirming(null);
    }
  }

  return (
    <section className="card wallet" aria-labelledby="wallet-title">
      <div className="wallet__head">
        <StepHeading id="wallet-title" focus={false}>
          Your saved cards
        </StepHeading>
        <p className="wallet__who">
          {wallet.email} ·{' '}
          <button type="button" className="wallet__link" onClick={onSignOut}>
            Close on this device
          </button>
        </p>
      </div>
      <div className="wallet__notices">
        <LiveNotice message={notice?.tone === 'danger' ? notice.text : null} />
        <LiveNotice message={notice?.tone === 'success' ? notice.text : null} tone="success" />
      </div>

      {wallet.cards.length === 0 ? (
        <p className="wallet__empty">No saved cards yet. Add one below to pay in one click when you book.</p>
      ) : (
        <ul className="wallet__cards" aria-label="Saved cards">
          {wallet.cards.map((card) => (
            <li key={card.id} className="wallet__card">
              <span className="wallet__card-brand" aria-hidden="true">
                {card.brand.slice(0, 4).toUpperCase()}
              </span>
              <span className="wallet__card-text">
                <span className="wallet__card-name">{cardLabel(card)}</span>
                <span className="wallet__card-meta">
                  Expires {String(card.expMonth).padStart(2, '0')}/{card.expYear} · saved {savedOn.format(new Date(card.consentedAt))}
                </span>
              </span>
              {confirming === card.id ? (
                <span className="wallet__confirm">
                  <Button variant="danger" busy={removing === card.id} onClick={() => void remove(card)}>
                    Remove card
                  </Button>
                  <Button variant="ghost" onClick={() => setConfirming(null)} disabled={removing === card.id}>
                    Keep
                  </Button>
                </span>
              ) : (
                <Button variant="secondary" onClick={() => setConfirming(card.id)} aria-label={`Remove ${cardLabel(card)}`}>
                  Remove
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}

      <div className="wallet__add">
        <h3 className="wallet__subtitle">Add a card</h3>
        <div className="wallet__consent">
          <input id={consentId} type="checkbox" checked={agreed} onChange={(e) => setAgreed(e.target.checked)} />
          <label htmlFor={consentId}>{WALLET_CONSENT_TEXTS[WALLET_CONSENT_VERSION]}</label>
        </div>
        <Button variant="primary" onClick={() => void add()} disabled={!agreed} busy={adding}>
          {adding ? 'Opening Stripe…' : 'Add a card'}
        </Button>
        <p className="wallet__fine">
          <CheckIcon size={14} /> You enter the card on Stripe’s page; nothing is charged now.
        </p>
      </div>
    </section>
  );
}
