import { keepPreviousData } from '@tanstack/react-query';
import { tsr } from '../../lib/api';
import type { Period } from './period';

/** Query keys of the insights feature; components never build keys themselves. */
export const insightsKeys = {
  all: ['insights'] as const,
  period: (period: Period) => [...insightsKeys.all, period.from, period.to] as const,
};

/**
 * GET /v1/insights for a period (local dates in the business's zone, inclusive); null: nothing to
 * ask yet (a custom period being typed). The previous period's figures stay on screen while the
 * next one loads, so the page does not jump.
 */
export function useInsights(period: Period | null) {
  const asked = period ?? { from: '', to: '' };
  return tsr.insights.get.useQuery({
    queryKey: insightsKeys.period(asked),
    queryData: { query: asked },
    enabled: period !== null,
    placeholderData: keepPreviousData,
  });
}
