import type { TBooking } from '@slotwise/contracts';
import { describe, expect, it } from 'vitest';
import { bookingsCsv, csvField, toCsv } from './csv';

describe('CSV', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Smith, Ana')).toBe('"Smith, Ana"');
    expect(csvField('She said "hi"')).toBe('"She said ""hi"""');
    expect(csvField('line one\nline two')).toBe('"line one\nline two"');
    expect(csvField('carriage\rreturn')).toBe('"carriage\rreturn"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('keeps text that a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("http://evil.test")')).toBe(`"'=HYPERLINK(""http://evil.test"")"`);
    expect(csvField('+44 20 7946 0958')).toBe("'+44 20 7946 0958");
    expect(csvField('@handle')).toBe("'@handle");
    expect(csvField('-5', { text: false })).toBe('-5');
  });

  it('joins rows with CRLF and ends with one', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y']])).toBe('a,b\r\n1,"x,y"\r\n');
  });

  it('writes bookings with wall-clock times in the business zone', () => {
    const booking: TBooking = {
      id: '0b6a2f3e-8d6a-4a0c-9f7e-2d1c3b4a5e6f',
      serviceId: crypto.randomUUID(),
      resourceId: crypto.randomUUID(),
      customerId: crypto.randomUUID(),
      startsAt: '2026-07-01T08:30:00.000Z',
      endsAt: '2026-07-01T09:15:00.000Z',
      timeZone: 'Europe/Lisbon',
      status: 'CONFIRMED',
      priceMinor: 4550,
      currency: 'EUR',
      notes: 'Prefers "quiet" room,\nsecond floor',
      version: 1,
      holdExpiresAt: null,
      source: 'PUBLIC',
      cancellationReason: null,
      cancelledBy: null,
      customerName: null,
      customerPhone: null,
      createdAt: '2026-06-20T23:05:00.000Z',
      updatedAt: '2026-06-20T23:05:00.000Z',
      customer: { id: crypto.randomUUID(), name: 'Sousa, Ana', email: 'ana@glow.test', phone: '+351 912 345 678' },
      service: { id: crypto.randomUUID(), name: 'Cut & colour' },
      resource: { id: crypto.randomUUID(), name: 'Bruno' },
    };
    const [header, row] = bookingsCsv([booking], 'Europe/Lisbon').split('\r\n');
    expect(header).toBe(
      'Date,Start,End,Time zone,Status,Service,Resource,Customer,Email,Phone,Price,Currency,Source,Notes,Cancellation reason,Booking ID,Created',
    );
    expect(row).toBe(
      '2026-07-01,09:30,10:15,Europe/Lisbon,Confirmed,Cut & colour,Bruno,"Sousa, Ana",ana@glow.test,\'+351 912 345 678,' +
        '45.50,EUR,Online,"Prefers ""quiet"" room,\nsecond floor",,0b6a2f3e-8d6a-4a0c-9f7e-2d1c3b4a5e6f,2026-06-21 00:05',
    );
  });
});
