import type { TInsights } from '@slotwise/contracts';

const money = (currency: string, over: Partial<TInsights['revenue']> = {}): TInsights['revenue'] => ({
  currency,
  payments: 5,
  grossMinor: 14_000,
  platformFeesMinor: 700,
  refunds: 2,
  refundsMinor: 4000,
  feeRefundsMinor: 200,
  disputesLost: 1,
  disputesLostMinor: 5000,
  disputeFeesMinor: 1500,
  balancePaidMinor: 3500,
  netMinor: 6500,
  ...over,
});

/**
 * GET /v1/insights for 1–2 March 2030 at Glow Studio: figures that add up (net = the lines of the
 * breakdown), a booking on Monday at 09:00, a payment in a former currency, two services of which
 * one has a name a spreadsheet would run as a formula; `overrides` change what a test is about.
 */
export function insightsOf(overrides: Partial<TInsights> = {}): TInsights {
  return {
    from: '2030-03-01',
    to: '2030-03-02',
    timeZone: 'Europe/Lisbon',
    currency: 'EUR',
    generatedAt: '2030-03-14T12:00:00.000Z',
    bookings: { made: 8, starting: 8, attended: 2, upcoming: 3, unmarked: 1, cancelled: 1, noShow: 1, cancellationRate: 0.125, noShowRate: 0.125 },
    revenue: money('EUR'),
    otherCurrencies: [
      money('JPY', {
        payments: 1,
        grossMinor: 3000,
        platformFeesMinor: 150,
        refunds: 0,
        refundsMinor: 0,
        feeRefundsMinor: 0,
        disputesLost: 0,
        disputesLostMinor: 0,
        disputeFeesMinor: 0,
        balancePaidMinor: 0,
        netMinor: 2850,
      }),
    ],
    deposits: { outstanding: 1, outstandingMinor: 4000 },
    heatMap: Array.from({ length: 7 }, (_, d) => Array.from({ length: 24 }, (_, h) => (d === 0 && h === 9 ? 3 : 0))),
    daily: [
      { date: '2030-03-01', bookings: 0, made: 8, grossMinor: 5000 },
      { date: '2030-03-02', bookings: 2, made: 0, grossMinor: 2005 },
    ],
    busiestDays: [{ date: '2030-03-02', bookings: 2 }],
    topServices: [
      { serviceId: '00000000-0000-4000-8000-000000000001', name: 'Cut, wash & "blow"', bookings: 4, revenueMinor: 12_500 },
      { serviceId: '00000000-0000-4000-8000-000000000002', name: '=HYPERLINK("http://evil")', bookings: 3, revenueMinor: -1000 },
    ],
    ...overrides,
  };
}
