import { keepPreviousData } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { tsr } from '../../lib/api';

/**
 * Query keys of what the calendar reads itself. Bookings' keys and hooks live in lib/bookings; resources,
 * their hours and services come from those features' hooks.
 */
export const calendarKeys = {
  all: ['calendar'] as const,
  customers: (q: string) => [...calendarKeys.all, 'customers', q] as const,
};

export const ACTIVE_POLL_MS = 10_000;
export const IDLE_POLL_MS = 60_000;
export const IDLE_AFTER_MS = 2 * 60_000;

/**
 * How often to poll: every 10 s while someone uses the page, every 60 s after two minutes
 * without input, never while the tab is hidden.
 */
export function usePollInterval(): number | false {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  const [idle, setIdle] = useState(false);

  useEffect(() => {
    let lastInput = Date.now();
    const onInput = () => {
      lastInput = Date.now();
      setIdle(false);
    };
    const onVisibility = () => setVisible(document.visibilityState !== 'hidden');
    const events = ['pointerdown', 'pointermove', 'keydown', 'wheel', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, onInput, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    const timer = window.setInterval(() => setIdle(Date.now() - lastInput >= IDLE_AFTER_MS), 15_000);
    return () => {
      for (const name of events) window.removeEventListener(name, onInput);
      document.removeEventListener('visibilitychange', onVisibility);
      window.clearInterval(timer);
    };
  }, []);

  if (!visible) return false;
  return idle ? IDLE_POLL_MS : ACTIVE_POLL_MS;
}

/** GET /v1/customers?q=: customers whose name, email or phone match. */
export function useCustomerSearch(q: string) {
  const term = q.trim();
  return tsr.customers.list.useQuery({
    queryKey: calendarKeys.customers(term),
    queryData: { query: { q: term, limit: 8 } },
    enabled: term.length >= 2,
    placeholderData: keepPreviousData,
    select: (response) => response.body.items,
  });
}
