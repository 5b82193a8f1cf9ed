import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Channels, type PushOptions } from './channels';
import { createControls, type Controls } from './controls';
import { Faults } from './faults';
import { createRequestHandler } from './http';
import { RequestLog } from './log';
import { OAuth } from './oauth';
import type { Core } from './router';
import { Store } from './store';
import { Listings } from './sync';

/**
 * A local stand-in for the part of Google Slotwise uses: OAuth 2.0 (consent page, tokens,
 * refresh, revoke), Calendar v3 (calendarList, events with sync tokens and recurring series,
 * watch channels with push notifications, channels.stop, freeBusy) and the batch endpoint,
 * reached by `googleapis` through `rootUrl` and by `google-auth-library` through its `endpoints`
 * option. State lives in memory. See README.md.
 */

export { MAX_BATCH_PARTS } from './batch';
export { DEFAULT_TTL_S, MAX_TTL_S } from './channels';
export { DEFAULT_EMAIL } from './oauth';
export type { Channel, ChannelState, Notification, PushOptions, ResourceState } from './channels';
export type { AuthTarget, Controls } from './controls';
export type { FaultSpec, FaultStatus } from './faults';
export type { LoggedRequest } from './log';
export type { TokenResponse } from './oauth';

export type GoogleEmulatorOptions = {
  /** Default 0: a free port chosen by the OS. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The emulator's clock (token and channel expiry, `created`/`updated`, expansion of series). Default: real time. */
  clock?: () => Date;
  /** Base URL of links handed out (`htmlLink`, `resourceUri`) when the emulator is reached through another address. Default: `url`. */
  publicUrl?: string;
  /** Zone of new calendars. Default `UTC`. */
  defaultTimeZone?: string;
  /** Retry schedule of push notifications (tests use short delays). */
  push?: PushOptions;
};

export type GoogleEmulator = {
  /** e.g. `http://127.0.0.1:PORT`: the `rootUrl` for googleapis; OAuth, batch and `/_emulator` controls live beside the API. */
  url: string;
  host: string;
  port: number;
  /** For `new OAuth2Client({ clientId, clientSecret, redirectUri, endpoints })`. */
  oauthEndpoints: { oauth2AuthBaseUrl: string; oauth2TokenUrl: string; oauth2RevokeUrl: string; tokenInfoUrl: string };
  controls: Controls;
  close(): Promise<void>;
};

export async function startGoogleEmulator(opts: GoogleEmulatorOptions = {}): Promise<GoogleEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const clock = opts.clock ?? (() => new Date());
  let advancedMs = 0;
  const now = () => clock().getTime() + advancedMs;
  let baseUrl = '';
  const channels = new Channels(now, opts.push);
  const store = new Store(now, opts.defaultTimeZone ?? 'UTC', (cal) => channels.changed(cal));
  const listings = new Listings();
  const core: Core = {
    store,
    oauth: new OAuth(store, now),
    channels,
    listings,
    faults: new Faults(),
    requests: new RequestLog(),
    now,
    publicUrl: () => (opts.publicUrl ?? baseUrl).replace(/\/$/, ''),
  };
  const controls = createControls(core, {
    advance: (ms) => {
      advancedMs += ms;
    },
    reset: () => {
      store.reset();
      core.oauth.reset();
      channels.reset();
      listings.reset();
      core.faults.clear();
      core.requests.clear();
    },
  });
  const server = createServer(createRequestHandler(core, controls));
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `http://${urlHost}:${port}`;
  return {
    url: baseUrl,
    host: urlHost,
    port,
    oauthEndpoints: {
      oauth2AuthBaseUrl: `${baseUrl}/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${baseUrl}/token`,
      oauth2RevokeUrl: `${baseUrl}/revoke`,
      tokenInfoUrl: `${baseUrl}/tokeninfo`,
    },
    controls,
    async close() {
      await channels.stopAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
