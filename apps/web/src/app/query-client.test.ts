import { describe, expect, it } from 'vitest';
import { ApiResponseError } from '../lib/api';
import { createQueryClient } from './query-client';

const retry = createQueryClient().getDefaultOptions().queries?.retry;
const retries = (error: unknown) => {
  if (typeof retry !== 'function') throw new Error('queries retry with a function');
  return retry(0, error as Error);
};

describe('query retries', () => {
  it('retries network failures and 5xx answers', () => {
    expect(retries(new TypeError('Failed to fetch'))).toBe(true);
    expect(retries(new ApiResponseError({ status: 503, body: null }))).toBe(true);
    expect(retries({ status: 500, body: null })).toBe(true);
  });

  it('does not retry a 4xx answer, although our own query functions throw it as an Error', () => {
    expect(retries(new ApiResponseError({ status: 404, body: null }))).toBe(false);
    expect(retries({ status: 409, body: null })).toBe(false);
  });
});
