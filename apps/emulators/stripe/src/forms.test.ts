import { describe, expect, it } from 'vitest';
import { ParamReader, canonical, parseForm } from './forms';

describe('parseForm', () => {
  it('nests bracketed keys and turns indexed or [] keys into arrays', () => {
    const body = [
      'mode=payment',
      'line_items[0][quantity]=1',
      'line_items[0][price_data][currency]=usd',
      'line_items[0][price_data][product_data][name]=Cut%20%26%20dry',
      'payment_intent_data[application_fee_amount]=250',
      'metadata[bookingId]=b1',
      'expand[]=payment_intent',
      'expand[]=line_items',
    ].join('&');
    expect(parseForm(body)).toEqual({
      mode: 'payment',
      line_items: [{ quantity: '1', price_data: { currency: 'usd', product_data: { name: 'Cut & dry' } } }],
      payment_intent_data: { application_fee_amount: '250' },
      metadata: { bookingId: 'b1' },
      expand: ['payment_intent', 'line_items'],
    });
    expect(parseForm('expand%5B0%5D=a&expand%5B1%5D=b')).toEqual({ expand: ['a', 'b'] });
  });

  it('refuses malformed or dangerous keys with a Stripe-shaped 400', () => {
    expect(() => parseForm('a[b=1')).toThrow(/Invalid parameter name/);
    expect(() => parseForm('__proto__[x]=1')).toThrow(/Invalid parameter name/);
    expect(() => parseForm('a=1&a[b]=2')).toThrow(/mixes a value and nested keys/);
  });

  it('canonical ignores key order, so the same params compare equal', () => {
    expect(canonical(parseForm('a=1&b[c]=2&b[d]=3'))).toBe(canonical(parseForm('b[d]=3&a=1&b[c]=2')));
    expect(canonical(parseForm('a=1'))).not.toBe(canonical(parseForm('a=2')));
  });

  it('ParamReader names nested params as Stripe does in errors', () => {
    const r = new ParamReader(parseForm('payment_intent_data[application_fee_amount]=1.5'));
    expect(() => r.obj('payment_intent_data')?.int('application_fee_amount')).toThrow(
      expect.objectContaining({ body: expect.objectContaining({ param: 'payment_intent_data[application_fee_amount]', code: 'parameter_invalid_integer' }) }),
    );
  });
});
