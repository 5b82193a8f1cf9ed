/** The business's slug from a public booking URL: `/book/<slug>` (anything after it is ignored). */
export function slugFromPath(pathname: string): string | null {
  const match = /^\/book\/([^/]+)/.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}
