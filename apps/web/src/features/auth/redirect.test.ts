import { describe, expect, it } from 'vitest';
import { loginPathFor, nextPathFrom } from './redirect';

describe('loginPathFor', () => {
  it('keeps the whole current address, or nothing for the overview', () => {
    expect(loginPathFor({ pathname: '/settings/members', search: '?a=1', hash: '#x' })).toBe('/login?next=%2Fsettings%2Fmembers%3Fa%3D1%23x');
    expect(loginPathFor({ pathname: '/', search: '', hash: '' })).toBe('/login');
  });
});

describe('nextPathFrom', () => {
  it.each([
    ['?next=%2Fsettings%2Fmembers', '/settings/members'],
    ['', '/'],
    ['?next=https%3A%2F%2Fevil.example', '/'],
    ['?next=%2F%2Fevil.example', '/'],
    ['?next=%2F%5Cevil.example', '/'],
    ['?next=settings', '/'],
  ])('%s → %s', (search, expected) => {
    expect(nextPathFrom(new URLSearchParams(search))).toBe(expected);
  });
});
