/** Where the sign-in page sends someone who was on `path` when their session was missing. */
export function loginPathFor({ pathname, search, hash }: { pathname: string; search: string; hash: string }): string {
  const current = `${pathname}${search}${hash}`;
  return current === '/' ? '/login' : `/login?next=${encodeURIComponent(current)}`;
}

/**
 * The page to open after signing in: the `next` parameter when it is a path on this site.
 * Anything else (`//evil.example`, `https://…`, `/\evil`) could send people elsewhere.
 */
export function nextPathFrom(searchParams: URLSearchParams): string {
  const next = searchParams.get('next');
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
