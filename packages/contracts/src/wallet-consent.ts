/**
 * The wording shown next to the "save my card" checkbox, by version (saved cards, wallet.ts). No
 * imports: the public booking page imports this file by itself (`@slotwise/contracts/wallet-consent`)
 * to show exactly this text without pulling zod into its bundle (ADR 010). The web shows
 * `WALLET_CONSENT_TEXTS[WALLET_CONSENT_VERSION]`; the API stores that text and version with the card
 * when it lands. A new wording is a new version: older cards keep the text their owner agreed to.
 */
export const WALLET_CONSENT_VERSION = '2026-12-04';
export const WALLET_CONSENT_TEXTS: Readonly<Record<string, string>> = {
  '2026-12-04':
    'Save this card with Slotwise so I can pay any business that takes bookings on Slotwise in one click. ' +
    'Stripe, our payment provider, keeps the card; Slotwise never sees its number. ' +
    'A payment is made only when I book and confirm it, for the amount shown. ' +
    'I can remove the card at any time from the link emailed to me.',
};
