import { describe, expect, it } from 'vitest';
import { bookingPath, isEmbedded, routeFromPath } from './route';

describe('routeFromPath', () => {
  it.each([
    ['/book/demo', { page: 'book', slug: 'demo', serviceId: null }],
    ['/book/demo/', { page: 'book', slug: 'demo', serviceId: null }],
    ['/book/demo/3f1c', { page: 'book', slug: 'demo', serviceId: '3f1c' }],
    ['/book/caf%C3%A9-lumi%C3%A8re', { page: 'book', slug: 'café-lumière', serviceId: null }],
    ['/manage/abc.def', { page: 'manage', token: 'abc.def' }],
    ['/book', { page: 'unknown' }],
    ['/book/', { page: 'unknown' }],
    ['/book/%E0%A4%A', { page: 'unknown' }],
    ['/books/demo', { page: 'unknown' }],
    ['/manage/', { page: 'unknown' }],
  ])('%s', (path, route) => {
    expect(routeFromPath(path)).toEqual(route);
  });

  it('knows the page Stripe Checkout returns to, with its session id', () => {
    expect(routeFromPath('/book/demo/checkout/return', '?session_id=cs_test_a1')).toEqual({ page: 'checkout-return', slug: 'demo', sessionId: 'cs_test_a1' });
    expect(routeFromPath('/book/demo/checkout/return', '')).toEqual({ page: 'checkout-return', slug: 'demo', sessionId: null });
    // A service whose id happens to be "checkout" is still a service.
    expect(routeFromPath('/book/demo/checkout')).toEqual({ page: 'book', slug: 'demo', serviceId: 'checkout' });
  });
});

describe('bookingPath', () => {
  it('keeps the query so an embedded page stays embedded', () => {
    expect(bookingPath('demo', 'abc', '?embed=1')).toBe('/book/demo/abc?embed=1');
    expect(bookingPath('demo', null, '')).toBe('/book/demo');
  });
});

describe('isEmbedded', () => {
  it('is on only for embed=1', () => {
    expect(isEmbedded('?embed=1')).toBe(true);
    expect(isEmbedded('?embed=0')).toBe(false);
    expect(isEmbedded('')).toBe(false);
  });
});
