import { describe, expect, it } from 'vitest';
import { ApiResponseError, apiErrorOf, apiErrorStatus, apiFieldErrors, describeApiError } from './api';

const conflict = { error: { code: 'CONFLICT', message: 'This slug is taken', details: { field: 'slug' }, requestId: 'req-1' } };

describe('API failures', () => {
  it('reads an ApiResponseError as the answer it carries, not as a network failure', () => {
    const error = new ApiResponseError({ status: 409, body: conflict });

    expect(error).toBeInstanceOf(Error);
    expect(apiErrorStatus(error)).toBe(409);
    expect(describeApiError(error)).toBe('This slug is taken');
    expect(apiErrorOf(error)?.code).toBe('CONFLICT');
    expect(apiFieldErrors(error)).toEqual({ slug: 'This slug is taken' });
  });

  it('reads the plain response ts-rest hooks reject with the same way', () => {
    const response = { status: 409, body: conflict };

    expect(apiErrorStatus(response)).toBe(409);
    expect(describeApiError(response)).toBe('This slug is taken');
  });

  it('says the server did not answer when no response arrived', () => {
    const error = new TypeError('Failed to fetch');

    expect(apiErrorStatus(error)).toBeUndefined();
    expect(apiErrorOf(error)).toBeUndefined();
    expect(describeApiError(error)).toBe('The server did not answer. Check your connection and try again.');
  });

  it('names the status of an answer that is not one of the API errors', () => {
    expect(describeApiError(new ApiResponseError({ status: 502, body: '<html>Bad gateway</html>' }))).toBe(
      'The server answered with an unexpected error (HTTP 502).',
    );
  });
});
