// The Stripe adapter's public face: the gateway and our types (nothing from the SDK).
export { createStripeGateway, STRIPE_API_VERSION, type StripeGateway } from './client';
export type { CreateCheckoutSession } from './checkout';
export * from './types';
