import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { publicApi, type TSlot } from './api';
import { nextPollDelay } from './polling';
import { addDays, dateInZone, firstDayOfMonth, lastDayOfMonth, todayIn } from '../lib/time';

export type AvailabilityQuery = { slug: string; serviceId: string; resourceId: string | undefined; timeZone: string };
type LoadState = 'loading' | 'ready' | 'error';

type Cache = {
  key: string;
  /** Free times by local date in the query's zone; a date missing here was never fetched (or is past). */
  byDay: Record<string, TSlot[]>;
  months: Record<string, LoadState>;
};

function groupByDay(slots: TSlot[], timeZone: string): Record<string, TSlot[]> {
  const byDay: Record<string, TSlot[]> = {};
  for (const slot of slots) (byDay[dateInZone(slot.startsAt, timeZone)] ??= []).push(slot);
  return byDay;
}

/**
 * Free times of a service for the visible month (which days can be picked), kept fresh for the
 * open day: polled on the interval of nextPollDelay, paused in a background tab, fetched again
 * when the page regains focus, and at once whenever `refreshKey` changes.
 */
export function useAvailability(query: AvailabilityQuery, month: string, day: string | null, refreshKey = 0) {
  const { slug, serviceId, resourceId, timeZone } = query;
  const key = `${slug}|${serviceId}|${resourceId ?? ''}|${timeZone}`;
  const [cache, setCache] = useState<Cache>({ key, byDay: {}, months: {} });
  const [retries, setRetries] = useState(0);
  const current = cache.key === key ? cache : { key, byDay: {}, months: {} };
  // What the polling effect reads when it starts: kept current after each commit, before effects run.
  const byDayRef = useRef(current.byDay);
  useLayoutEffect(() => {
    byDayRef.current = current.byDay;
  });

  const update = useCallback(
    (change: (cache: Cache) => Cache) => setCache((previous) => change(previous.key === key ? previous : { key, byDay: {}, months: {} })),
    [key],
  );

  // The visible month: which days have at least one free time. Each new request (another month,
  // query or a retry) reads as loading from the render that asks for it until its answer arrives.
  const request = `${key}|${month}|${retries}`;
  const [requested, setRequested] = useState(request);
  if (requested !== request) {
    setRequested(request);
    update((c) => ({ ...c, months: { ...c.months, [month]: 'loading' } }));
  }
  useEffect(() => {
    const today = todayIn(timeZone);
    const first = firstDayOfMonth(month);
    const last = lastDayOfMonth(month);
    const from = first < today ? today : first;
    // A month that is over has nothing to fetch; it reads as ready (see monthState below).
    if (last < today) return;
    const controller = new AbortController();
    publicApi
      .slots(slug, serviceId, { from, to: last, timeZone, resourceId }, controller.signal)
      .then((slots) => {
        const grouped = groupByDay(slots, timeZone);
        const days: Record<string, TSlot[]> = {};
        for (let d = from; d <= last; d = addDays(d, 1)) days[d] = grouped[d] ?? [];
        update((c) => ({ ...c, byDay: { ...c.byDay, ...days }, months: { ...c.months, [month]: 'ready' } }));
      })
      .catch(() => {
        if (!controller.signal.aborted) update((c) => ({ ...c, months: { ...c.months, [month]: 'error' } }));
      });
    return () => controller.abort();
  }, [slug, serviceId, resourceId, timeZone, month, retries, update]);

  // The open day: polled while the customer looks at it.
  const lastRefreshKey = useRef(refreshKey);
  useEffect(() => {
    if (!day) return;
    const openDay = day;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight: AbortController | undefined;
    let stopped = false;

    const schedule = (slotsLeft: number) => {
      clearTimeout(timer);
      const delay = nextPollDelay({
        slotsLeft,
        isPast: openDay < todayIn(timeZone),
        hidden: document.visibilityState === 'hidden',
      });
      if (delay !== null) timer = setTimeout(refresh, delay);
    };

    function refresh() {
      if (inFlight) return;
      clearTimeout(timer);
      const controller = new AbortController();
      inFlight = controller;
      // Errors end in the catch below; the chain's end only schedules the next poll.
      void publicApi
        .slots(slug, serviceId, { from: openDay, to: openDay, timeZone, resourceId }, controller.signal)
        .then((slots) => {
          const mine = slots.filter((slot) => dateInZone(slot.startsAt, timeZone) === openDay);
          update((c) => ({ ...c, byDay: { ...c.byDay, [openDay]: mine } }));
          return mine.length;
        })
        // A failed refresh keeps what is on screen and tries again on the usual schedule.
        .catch(() => byDayRef.current[openDay]?.length ?? 0)
        .then((slotsLeft) => {
          if (inFlight === controller) inFlight = undefined;
          if (!stopped) schedule(slotsLeft);
        });
    }

    const onVisibility = () => {
      if (document.visibilityState === 'visible') refresh();
      else clearTimeout(timer);
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('focus', refresh);

    // Asked to refresh, or a day whose month has not arrived yet: fetch it now.
    const known = byDayRef.current[openDay];
    if (lastRefreshKey.current !== refreshKey || known === undefined) {
      lastRefreshKey.current = refreshKey;
      refresh();
    } else {
      schedule(known.length);
    }

    return () => {
      stopped = true;
      clearTimeout(timer);
      inFlight?.abort();
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('focus', refresh);
    };
  }, [slug, serviceId, resourceId, timeZone, day, refreshKey, update]);

  return {
    byDay: current.byDay,
    monthState: lastDayOfMonth(month) < todayIn(timeZone) ? 'ready' : (current.months[month] ?? 'loading'),
    retry: () => setRetries((n) => n + 1),
  };
}
