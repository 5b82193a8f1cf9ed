import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { ORIGIN } from './factories';

export type LoadResponse = {
  status: number;
  body: { error?: { code: string; details?: Record<string, unknown> } } & Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
};

/**
 * The app listening on a real port, and a keep-alive client with up to 50 sockets: requests
 * fired together really arrive together, on many connections (supertest would open one
 * server per request and serialise nothing we care about).
 */
export async function listenForLoad(app: Express, opts: { maxSockets?: number } = {}) {
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  // Longer than any pause between bursts, so the client never reuses a socket the server is closing.
  server.keepAliveTimeout = 60_000;
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: opts.maxSockets ?? 50 });

  /** One JSON request; resolves with any status (assertions are the caller's), rejects only on network errors. */
  function request(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<LoadResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          path,
          method,
          agent,
          headers: {
            Origin: ORIGIN,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: LoadResponse['body'];
            try {
              parsed = text ? JSON.parse(text) : {};
            } catch {
              parsed = { raw: text };
            }
            resolve({ status: res.statusCode ?? 0, body: parsed, headers: res.headers });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  return {
    request,
    /** Distinct sockets the server has accepted so far: proof the load was spread over connections. */
    connections: () => new Promise<number>((resolve, reject) => server.getConnections((err, n) => (err ? reject(err) : resolve(n)))),
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
export type LoadServer = Awaited<ReturnType<typeof listenForLoad>>;

/** Counts responses by status, e.g. `{ 201: 1, 409: 999 }`. */
export function statusCounts(responses: { status: number }[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}
