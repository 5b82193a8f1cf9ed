import { apiContract } from '@slotwise/contracts';
import { initServer } from '@ts-rest/express';
import type { AppDeps } from '../../platform/deps';
import { createWalletService } from './wallet.service';

const s = initServer();

/** A customer's saved cards (platform data; the `x-wallet-session` header names the wallet). */
export function walletRouter(deps: AppDeps) {
  const wallet = createWalletService(deps);
  return s.router(apiContract.wallet, {
    link: async ({ body }) => {
      await wallet.requestLink(body.email);
      return { status: 202, body: { message: 'If this address can use saved cards, a link to them is on its way. It works once, for 24 hours.' } };
    },
    session: async ({ body }) => ({ status: 200, body: await wallet.openSession(body.token) }),
    view: async ({ headers }) => ({ status: 200, body: await wallet.view(headers['x-wallet-session']) }),
    setup: async ({ headers, body }) => ({ status: 200, body: await wallet.startSetup(headers['x-wallet-session'], { consentVersion: body.consentVersion }) }),
    completeSetup: async ({ headers, body }) => ({ status: 200, body: await wallet.completeSetup(headers['x-wallet-session'], body.sessionId) }),
    removeCard: async ({ headers, params }) => ({ status: 200, body: await wallet.removeCard(headers['x-wallet-session'], params.id) }),
  });
}
