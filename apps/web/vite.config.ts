import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = `http://localhost:${process.env.API_PORT ?? 3001}`;

/**
 * The API serves `book.html` for `/book/*`, `/manage/*` and `/wallet` in production; the dev and preview
 * servers would otherwise answer those paths with the dashboard's `index.html`.
 */
function publicBookingPageFallback(): Plugin {
  const rewrite: Connect.NextHandleFunction = (req, _res, next) => {
    const url = req.url ?? '/';
    const queryStart = url.indexOf('?');
    const pathname = queryStart === -1 ? url : url.slice(0, queryStart);
    const acceptsHtml = req.headers.accept?.includes('text/html') ?? false;
    if (acceptsHtml && /^\/(book|manage|wallet)(\/|$)/.test(pathname)) {
      req.url = `/book.html${queryStart === -1 ? '' : url.slice(queryStart)}`;
    }
    next();
  };
  return {
    name: 'slotwise:public-booking-page-fallback',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}

const proxy = Object.fromEntries(['/v1', '/healthz', '/readyz', '/docs', '/dev/'].map((prefix) => [prefix, { target: apiTarget, xfwd: true }]));

export default defineConfig({
  root,
  plugins: [react(), publicBookingPageFallback()],
  server: { proxy },
  preview: { proxy },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // Two pages: the staff dashboard and the public booking page, which must stay small.
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        book: fileURLToPath(new URL('book.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          // React is what both pages share; a named chunk keeps it cached across them and deploys.
          groups: [{ name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/ }],
        },
      },
    },
  },
});
