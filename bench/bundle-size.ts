import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What a page of the built web app downloads before it can run: the entry
 * `<script type="module" src>` plus every `<link rel="modulepreload">` chunk, gzip-compressed
 * (as a server would send them), summed. Chunks loaded later by routes are not counted.
 */

export type PageWeight = { page: string; files: { file: string; gzipBytes: number }[]; gzipKb: number };

export function initialJsWeight(distDir: string, page: string): PageWeight {
  const html = readFileSync(path.join(distDir, page), 'utf8');
  const tags = html.match(/<(script|link)\b[^>]*>/gi) ?? [];
  const urls: string[] = [];
  for (const tag of tags) {
    const attr = (name: string) => tag.match(new RegExp(`\\s${name}\\s*=\\s*["']([^"']*)["']`, 'i'))?.[1];
    const isEntry = /^<script/i.test(tag) && attr('type') === 'module' && attr('src');
    const isPreload = /^<link/i.test(tag) && attr('rel') === 'modulepreload' && attr('href');
    const url = isEntry ? attr('src') : isPreload ? attr('href') : undefined;
    if (url && !urls.includes(url)) urls.push(url);
  }
  if (!urls.some((u) => tags.some((t) => /^<script/i.test(t) && t.includes(u)))) throw new Error(`${page} has no <script type="module" src>`);
  const files = urls.map((url) => {
    if (/^[a-z]+:\/\//i.test(url)) throw new Error(`${page} loads ${url} from another origin; cannot weigh it`);
    const file = path.join(distDir, url.replace(/^\//, '').split(/[?#]/)[0]!);
    if (!existsSync(file)) throw new Error(`${page} loads ${url}, which is not in ${distDir}`);
    return { file: path.relative(distDir, file), gzipBytes: gzipSync(readFileSync(file)).length };
  });
  return { page, files, gzipKb: files.reduce((sum, f) => sum + f.gzipBytes, 0) / 1024 };
}

/** Each page's initial JS; a page that has not been built is null. */
export function webBundleWeights(repoRoot: string): { dashboard: PageWeight | null; publicPage: PageWeight | null } {
  const dist = path.join(repoRoot, 'apps', 'web', 'dist');
  const weigh = (page: string) => (existsSync(path.join(dist, page)) ? initialJsWeight(dist, page) : null);
  return { dashboard: weigh('index.html'), publicPage: weigh('book.html') };
}
