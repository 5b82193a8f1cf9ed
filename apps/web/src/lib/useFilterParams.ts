import { useSearchParams } from 'react-router';

/**
 * A list page's filters kept in the address (shareable, kept on reload): the current values, a
 * setter for one (empty removes it) and a reset. Set straight from user input: the controls
 * follow the address, so the update is synchronous (no transition delay) and replaces the entry.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  function setFilter(name: string, value: string) {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true, flushSync: true },
    );
  }
  const clearFilters = () => setParams({}, { replace: true });
  return { params, setFilter, clearFilters };
}
