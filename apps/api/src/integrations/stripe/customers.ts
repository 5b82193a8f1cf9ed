import type Stripe from 'stripe';
import { call } from './errors';
import type { StripeCustomer } from './types';

/** Customers on the platform account: one per saved-cards wallet (modules/payments wallet). */

export const toCustomer = (c: Stripe.Customer): StripeCustomer => ({ id: c.id, email: c.email ?? null, metadata: { ...(c.metadata ?? {}) } });

export function createCustomersGateway(stripe: Stripe) {
  return {
    /** The idempotency key (from the wallet's address) makes two concurrent first visits one customer. */
    create: (p: { email: string; metadata: Record<string, string>; idempotencyKey: string }): Promise<StripeCustomer> =>
      call(async () => toCustomer(await stripe.customers.create({ email: p.email, metadata: p.metadata }, { idempotencyKey: p.idempotencyKey }))),

    retrieve: (customerId: string): Promise<StripeCustomer> =>
      call(async () => {
        const c = await stripe.customers.retrieve(customerId);
        if (c.deleted) throw new Error(`Stripe customer ${customerId} was deleted`);
        return toCustomer(c);
      }),
  };
}
export type CustomersGateway = ReturnType<typeof createCustomersGateway>;
