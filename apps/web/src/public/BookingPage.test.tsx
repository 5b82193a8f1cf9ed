import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { BookingPage } from './BookingPage';
import { slugFromPath } from './slug';

describe('slugFromPath', () => {
  it.each([
    ['/book/demo', 'demo'],
    ['/book/demo/', 'demo'],
    ['/book/demo/services/1', 'demo'],
    ['/book/caf%C3%A9-lumi%C3%A8re', 'café-lumière'],
    ['/book', null],
    ['/book/', null],
    ['/book/%E0%A4%A', null],
    ['/books/demo', null],
  ])('%s → %s', (path, slug) => {
    expect(slugFromPath(path)).toBe(slug);
  });
});

describe('BookingPage', () => {
  it('greets the customer with the business slug', () => {
    render(<BookingPage slug="demo" />);
    expect(screen.getByRole('heading', { level: 1, name: 'Book with demo' })).toBeDefined();
    expect(screen.getByRole('heading', { name: 'Online booking is coming soon' })).toBeDefined();
    expect(document.title).toBe('Book with demo');
  });

  it('says so when the link names no business', () => {
    render(<BookingPage slug={null} />);
    expect(screen.getByRole('heading', { level: 1, name: 'Booking page not found' })).toBeDefined();
  });
});
