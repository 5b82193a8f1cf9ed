import type { Page } from '@playwright/test';
import { expect, test, uniqueSuffix } from '../support/fixtures';
import { linkFromOutbox } from '../support/outbox';
import { saveScreenshot, saveScreenshotsAtBothWidths, watchForErrors } from '../support/page-helpers';
import { connectStripeThroughApi, paidBusiness, stripeEmulatorUrl, type PaidBusiness } from '../support/payments';

/*
 * Saved cards across businesses on the built product, against the Stripe emulator the development
 * server runs: a customer pays one business on Checkout and ticks "Save your card for next time",
 * follows the emailed link to their saved cards, saves a card on Stripe's setup page, and then
 * books a second business with it in one click.
 */

/** Errors on our pages; Stripe's (the emulator's) own pages have no favicon. */
function ours(errors: string[], emulatorUrl: string): string[] {
  const origin = new URL(emulatorUrl).origin;
  return errors.filter((error) => !error.includes(origin));
}

/** From the service list to the details step: the first free time, name and email. */
async function toDetails(page: Page, business: PaidBusiness, who: { name: string; email: string }) {
  await page.goto(`/book/${business.account.slug}`);
  await page.getByRole('button', { name: new RegExp(business.serviceName) }).click();
  await expect(page.getByRole('heading', { name: 'Choose a time' })).toBeVisible();
  await page
    .getByRole('list', { name: /^Free times on/ })
    .getByRole('button')
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Your details' })).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(who.name);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
}

/** On the emulator's hosted pages (Checkout, or saving a card), as a person fills them in. */
async function enterCard(page: Page, card: string) {
  await page.getByLabel('Card number').fill(card);
  await page.getByLabel('Expiration (MM / YY)').fill('12 / 34');
  await page.getByLabel('CVC').fill('123');
}

test.describe('saved cards', () => {
  test('a returning customer books a second business with their saved card in one click', async ({ browser }) => {
    test.setTimeout(120_000);
    const first = await paidBusiness('Salon');
    const second = await paidBusiness('Spa', 'Hot stone massage', 6000);
    await connectStripeThroughApi(first);
    await connectStripeThroughApi(second);
    const emulator = await stripeEmulatorUrl(first.owner);
    const context = await browser.newContext({ timezoneId: 'Europe/London', locale: 'en-GB', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = watchForErrors(page);
    const who = { name: 'Ada Lovelace', email: `ada-${uniqueSuffix()}@example.test` };

    // First visit: Checkout with another business, asking to save the card for next time.
    await toDetails(page, first, who);
    await page.getByRole('checkbox', { name: /Save your card for next time/ }).check();
    await saveScreenshot(page, test.info(), 'saved-cards-offer-to-save');
    await page.getByRole('button', { name: /^Continue to payment/ }).click();
    await expect(page.getByRole('heading', { name: /^Pay £45\.00$/ })).toBeVisible();
    await enterCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay / }).click();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });

    // The emailed link opens their saved cards on this device; they save a card on Stripe's page.
    const link = await linkFromOutbox(page, who.email, /https?:\/\/\S+\/wallet\?token=[A-Za-z0-9_-]+/, 'the saved cards email');
    await page.goto(link);
    await expect(page.getByRole('heading', { name: 'Your saved cards' })).toBeVisible();
    await expect(page.getByText(/No saved cards yet/)).toBeVisible();
    await expect(page).toHaveURL(/\/wallet$/);
    await saveScreenshot(page, test.info(), 'saved-cards-wallet-empty');
    const add = page.getByRole('button', { name: 'Add a card' });
    await expect(add).toBeDisabled();
    await page.getByRole('checkbox', { name: /Save this card with Slotwise/ }).check();
    await add.click();
    await expect(page.getByRole('heading', { name: 'Save your card' })).toBeVisible();
    await enterCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Save card' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Visa •••• 4242 is saved.' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('list', { name: 'Saved cards' }).getByText('Visa •••• 4242')).toBeVisible();
    await saveScreenshotsAtBothWidths(page, test.info(), 'saved-cards-wallet-with-card');

    // The second business: one click with the saved card.
    await toDetails(page, second, who);
    await expect(page.getByText('Pay in one click with your saved card')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Use another card' })).toBeVisible();
    await saveScreenshotsAtBothWidths(page, test.info(), 'saved-cards-one-click');
    await page.getByRole('button', { name: 'Pay £60.00 with Visa •••• 4242' }).click();
    await expect(page.getByRole('heading', { name: 'Payment received' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/Hot stone massage with Maya Patel at Spa Studio is paid and confirmed/)).toBeVisible();
    await saveScreenshot(page, test.info(), 'saved-cards-paid');
    expect(ours(errors, emulator)).toEqual([]);

    // The second business has it paid by saved card, on its own Stripe account.
    const { items } = (await (await second.owner.get('/v1/payments')).json()) as {
      items: { method: string; status: string; amountMinor: number; cardLast4: string | null; booking: { customerName: string } }[];
    };
    expect(items).toEqual([
      expect.objectContaining({
        method: 'SAVED_CARD',
        status: 'SUCCEEDED',
        amountMinor: 6000,
        cardLast4: '4242',
        booking: expect.objectContaining({ customerName: 'Ada Lovelace' }),
      }),
    ]);

    await context.close();
    await first.owner.dispose();
    await second.owner.dispose();
  });
});
