import { describe, expect, it } from 'vitest';
import { EMPTY_DETAILS, validateDetails } from './details';

describe('validateDetails', () => {
  it('needs a name and an email', () => {
    expect(Object.keys(validateDetails(EMPTY_DETAILS))).toEqual(['name', 'email']);
  });

  it('accepts a complete entry, phone and notes optional', () => {
    expect(validateDetails({ name: 'Ada', email: 'ada@example.com', phone: '', notes: '' })).toEqual({});
    expect(validateDetails({ name: 'Ada', email: 'ada@example.com', phone: '+44 (20) 7946-0000', notes: 'Hi' })).toEqual({});
  });

  it('explains a malformed email or phone', () => {
    const errors = validateDetails({ name: 'Ada', email: 'ada@', phone: 'call me', notes: '' });
    expect(errors.email).toMatch(/email address like/);
    expect(errors.phone).toMatch(/digits/);
  });
});
