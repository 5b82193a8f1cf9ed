import { describe, expect, it } from 'vitest';
import { insightsOf } from '../../test/insights';
import { bookingsCsv, dailyCsv, heatMapCsv, revenueCsv, revenueLines, toCsv, topServicesCsv } from './csv';

const insights = insightsOf();

const lines = (text: string) => text.split('\r\n');

describe('toCsv', () => {
  it('writes RFC 4180: CRLF lines, quotes around commas, quotes and line breaks, doubled quotes', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['plain', 'with, comma'],
          ['say "hi"', 'two\nlines'],
          [null, 3],
        ],
      ),
    ).toBe('a,b\r\nplain,"with, comma"\r\n"say ""hi""","two\nlines"\r\n,3\r\n');
  });

  it('keeps text a spreadsheet would run as a formula as text, but not negative numbers', () => {
    expect(toCsv(['x'], [['=1+1'], ['+44'], ['-minus'], ['@cmd'], [-5]])).toBe("x\r\n'=1+1\r\n'+44\r\n'-minus\r\n'@cmd\r\n-5\r\n");
  });
});

describe('the charts as CSV', () => {
  it('bookings: counts, rates as fractions, the balances due in the currency', () => {
    const csv = bookingsCsv(insights);
    expect(csv.filename).toBe('insights-bookings-2030-03-01-to-2030-03-02.csv');
    expect(lines(csv.text)).toEqual(
      expect.arrayContaining(['figure,value', 'Bookings made in the period,8', 'Cancellation rate,0.125', 'Balances due on those deposits (EUR),40.00']),
    );
  });

  it('revenue: signed lines that add up to the net, each currency on its own', () => {
    const rows = lines(revenueCsv(insights).text)
      .slice(1, -1)
      .map((l) => l.split(','));
    const eur = rows.filter((r) => r[2] === 'EUR');
    expect(eur.map((r) => r[0])).toEqual(revenueLines(insights.revenue).map((l) => l.label));
    const total = eur.slice(0, -1).reduce((sum, r) => sum + Math.round(Number(r[1]) * 100), 0);
    expect(eur.at(-1)).toEqual(['Net', '65.00', 'EUR']);
    expect(total).toBe(6500);
    expect(rows.filter((r) => r[2] === 'JPY')).toContainEqual(['Payments received', '3000', 'JPY']);
    expect(eur).toContainEqual(['Refunds', '-40.00', 'EUR']);
  });

  it('daily: one line per date, money as a decimal', () => {
    expect(lines(dailyCsv(insights).text)).toEqual([
      'date,bookings starting,bookings made,payments received (EUR)',
      '2030-03-01,0,8,50.00',
      '2030-03-02,2,0,20.05',
      '',
    ]);
  });

  it('heat map: a line per weekday and 24 hour columns', () => {
    const csv = heatMapCsv(insights, ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
    const [header, monday, ...rest] = lines(csv.text);
    expect(header!.split(',')).toHaveLength(25);
    expect(header!.startsWith('weekday,00:00,01:00')).toBe(true);
    expect(monday!.split(',')).toEqual(['Mon', ...Array.from({ length: 24 }, (_, h) => (h === 9 ? '3' : '0'))]);
    expect(rest.filter(Boolean)).toHaveLength(6);
  });

  it('top services: names quoted or defused, revenue as a decimal', () => {
    expect(lines(topServicesCsv(insights).text)).toEqual([
      'service,bookings,revenue (EUR)',
      '"Cut, wash & ""blow""",4,125.00',
      `"'=HYPERLINK(""http://evil"")",3,-10.00`,
      '',
    ]);
  });
});
