import { randomBytes } from 'node:crypto';
import { ZDateTime, ZEmail, ZHhMm, ZHhMmEnd, ZId, ZIsoDate, ZPassword, ZPhone, ZSlug, ZTimeZone, type TRouteMeta } from '@slotwise/contracts';
import type { AppRoute } from '@ts-rest/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from 'supertest';
import { manageUrl } from '../src/modules/selfservice/manage-link';
import { ManualClock } from '../src/platform/clock';
import { everyRoute } from '../src/platform/openapi';
import { createTestApp, type TestApp } from './app';
import { customer, setUpBookable, type Bookable } from './booking-factories';
import { createCustomer, createResource, createService } from './catalog-factories';
import { as, ORIGIN } from './factories';
import { dbFingerprint } from './fingerprint';
import { routesOf } from './routes';

/**
 * Random and hostile input to every contract route, signed in and not: never a 5xx, always the
 * JSON error body (with its requestId) on 4xx, and nothing written when the answer is 4xx.
 *
 * Two generators. The first throws shapeless junk at each route. The second starts from a
 * request the route would accept (built from its contract: real ids, bookable times) and
 * spoils one part of it with one class of hostile input, so that the input gets as far into
 * the code as valid input would: control characters (NUL among them), invalid UTF-8 (raw
 * bytes in the JSON body, percent-encoded in the query and path), malformed percent-encoding,
 * dates that are extreme or do not exist, and enum lists with unknown members.
 */

// Monday 2030-03-04 08:00 London: the world's service is bookable on the weekdays after it.
const clock = new ManualClock('2030-03-04T08:00:00Z');

/* ---------- shapeless junk ---------- */
const nasty = fc.constantFrom(
  '',
  ' ',
  '..',
  '%00',
  'null',
  'undefined',
  '0',
  '-1',
  '1e309',
  '\'; DROP TABLE "Booking";--',
  '<script>',
  'a'.repeat(500),
  '\u0000',
  '😀',
  '2030-02-30',
  '00000000-0000-0000-0000-000000000000',
);
const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), nasty, fc.constantFrom('demo', 't-0000', '2030-03-05'));
const scalar = fc.oneof(fc.string({ maxLength: 60 }), nasty, fc.integer().map(String), fc.constantFrom('true', 'false', 'UTC', 'Europe/London'));
const junkQuery = fc.dictionary(
  fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('from', 'to', 'timeZone', 'limit', 'cursor', 'status', 'q', 'resourceId')),
  scalar,
  { maxKeys: 4 },
);
const junkBody = fc.oneof(
  fc.record({ kind: fc.constant('json' as const), value: fc.oneof(fc.jsonValue(), fc.object(), fc.array(fc.object(), { maxLength: 3 })) }),
  fc.record({
    kind: fc.constant('raw' as const),
    value: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('{', '{"a":', '[1,2', 'nul', '{"__proto__":{"x":1}}')),
  }),
  fc.constant({ kind: 'none' as const, value: undefined }),
);

/* ---------- hostile input, by class ---------- */
/** A hostile value: text for JSON, raw bytes to splice into the JSON body, or raw text for the URL (percent-encoding as is). */
type Hostile = { text: string } | { bytes: Buffer } | { url: string };
type HostileClass = 'control' | 'utf8' | 'percent' | 'date' | 'enum';

/** Control characters (C0, DEL, lone surrogate halves) inside, around or instead of ordinary text. */
const CONTROL_TEXTS = [
  'Ann\u0000Lee',
  '\u0000',
  'a\u0001b',
  'bell\u0007',
  'a\u0008b',
  'tab\u000bv',
  'form\u000cfeed',
  'esc\u001b[31m',
  'a\u001fb',
  'del\u007f',
  'half \ud800',
  '\udfff half',
  'two\u0000\u0000',
  'line\nbreak',
];
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80] /* NUL, overlong */,
  [0xed, 0xa0, 0x80] /* a surrogate */,
  [0xc3] /* cut short */,
  [0x80],
  [0xf4, 0x90, 0x80, 0x80] /* past U+10FFFF */,
  [0x00],
];
/** Percent-encoded as UTF-8 would be, a lone surrogate included (which encodeURIComponent refuses): %ed%a0%80 is not UTF-8. */
const percentEncoded = (text: string) =>
  text
    .replace(/[\ud800-\udfff]/g, '\ue001')
    .split('\ue001')
    .map(encodeURIComponent)
    .join('%ed%a0%80');
const percentOf = (bytes: number[]) => bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
const MALFORMED_PERCENT = ['%', '%%', '%zz', '%2', '%E0%A4%A', '%ff.%ff', 'a%', '%u0041', '%%30%30'];
const BAD_DATES = [
  '0001-01-01',
  '9999-12-31',
  '2025-02-30',
  '2030-02-29',
  '1999-12-31',
  '3000-01-01',
  '2030-13-01',
  '2030-00-10',
  '+275760-09-13',
  '-000001-01-01',
  '2030-3-5',
  '20300305',
];
const BAD_DATE_TIMES = [
  '0001-01-01T10:00:00Z',
  '9999-12-31T10:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2025-02-30T10:00:00Z',
  '2030-03-05T24:00:00Z',
  '1999-12-31T23:00:00Z',
  '2030-03-05T24:00Z',
  '2030-03-05T23:60:00Z',
  '2030-03-05T10:00:60Z',
  '2030-03-05T10:00:00+24:00',
  '2030-03-05T10:00:00-99:99',
  '1970-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2030-03-05T10:00:00.9999999999Z',
  '2030-03-05 10:00:00Z',
];
const BAD_TIMES = ['24:00', '24:01', '23:60', '99:99', '-1:00', '7:00', '07:00:00', '00:00Z'];
const BAD_ENUM_LISTS = [
  'CONFIRMED,BOGUS',
  'BOGUS',
  ',',
  'CONFIRMED,',
  ',CONFIRMED',
  'CONFIRMED,,CANCELLED',
  'confirmed',
  'CONFIRMED CANCELLED',
  'CONFIRMED;CANCELLED',
  'OWNER,ROOT',
  'asc,desc',
  'A'.repeat(300),
];

/**
 * The n-th hostile value of a class for one target: text for a JSON body, raw bytes to splice
 * into it, or raw text for the URL (percent-encoding as it is). Dates follow the field's kind.
 */
function hostileValue(cls: HostileClass, where: 'path' | 'query' | 'body', kind: Leaf['kind'], n: number): Hostile {
  const nth = <T>(values: T[]) => values[n % values.length]!;
  const text = (value: string): Hostile => (where === 'body' ? { text: value } : { url: percentEncoded(value) });
  switch (cls) {
    case 'control':
      return text(nth(CONTROL_TEXTS));
    case 'utf8': {
      const bytes = nth(INVALID_UTF8);
      return where === 'body' ? { bytes: Buffer.concat([Buffer.from('x'), Buffer.from(bytes), Buffer.from('y')]) } : { url: `x${percentOf(bytes)}y` };
    }
    case 'percent':
      return where === 'body' ? { text: nth(MALFORMED_PERCENT) } : { url: nth(MALFORMED_PERCENT) };
    case 'date':
      return text(nth(kind === 'datetime' ? BAD_DATE_TIMES : kind === 'date' ? BAD_DATES : kind === 'time' ? BAD_TIMES : [...BAD_DATE_TIMES, ...BAD_DATES]));
    case 'enum':
      return text(nth(BAD_ENUM_LISTS));
  }
}

/* ---------- requests a route would accept, from its contract ---------- */
type ZodLike = { _def: Record<string, unknown> & { typeName?: string } };
type Leaf = { path: (string | number)[]; kind: 'datetime' | 'date' | 'time' | 'enum' | 'text' | 'other' };

/** Removes optional/nullable/default/effects wrappers; the schemas the contracts build on are recognised by identity. */
function unwrap(schema: ZodLike): ZodLike {
  let s = schema;
  for (;;) {
    const { typeName } = s._def;
    if (typeName === 'ZodOptional' || typeName === 'ZodNullable' || typeName === 'ZodDefault' || typeName === 'ZodReadonly') s = s._def.innerType as ZodLike;
    else if (typeName === 'ZodEffects' && ![ZEmail, ZPassword, ZDateTime, ZIsoDate, ZTimeZone, ZSlug].includes(s as never)) s = s._def.schema as ZodLike;
    else return s;
  }
}

const DEFAULT_ID = '00000000-0000-4000-8000-000000000000';
type Valid = { slotStart: () => string; unique: () => string; ids: Record<string, string> };

/** A value the contract accepts for one field; `key` names it (ids and a few fields need real values). */
function validValue(schema: ZodLike, key: string, v: Valid, leaves: Leaf[], path: (string | number)[]): unknown {
  const s = unwrap(schema);
  const leaf = (kind: Leaf['kind'], value: unknown) => {
    leaves.push({ path, kind });
    return value;
  };
  if (s === (ZDateTime as unknown))
    return leaf('datetime', key === 'startsAt' ? v.slotStart() : key === 'to' ? '2030-03-20T00:00:00Z' : '2030-03-05T00:00:00Z');
  if (s === (ZIsoDate as unknown)) return leaf('date', key === 'to' || key === 'endDate' ? '2030-03-06' : '2030-03-05');
  if (s === (ZHhMm as unknown)) return leaf('time', '09:00');
  if (s === (ZHhMmEnd as unknown)) return leaf('time', '17:00');
  if (s === (ZTimeZone as unknown)) return leaf('text', 'UTC');
  if (s === (ZEmail as unknown)) return leaf('text', `fuzz-${v.unique()}@example.test`);
  if (s === (ZSlug as unknown)) return leaf('text', `fuzz-${v.unique()}`);
  if (s === (ZPassword as unknown)) return leaf('text', 'a quite long fuzzing passphrase 7781');
  if (s === (ZPhone as unknown)) return leaf('text', '+44 20 7946 0000');
  const { typeName } = s._def;
  switch (typeName) {
    case 'ZodObject': {
      const shape = (s._def.shape as () => Record<string, ZodLike>)();
      return Object.fromEntries(Object.entries(shape).map(([k, field]) => [k, validValue(field, k, v, leaves, [...path, k])]));
    }
    case 'ZodIntersection':
      return {
        ...(validValue(s._def.left as ZodLike, key, v, leaves, path) as object),
        ...(validValue(s._def.right as ZodLike, key, v, leaves, path) as object),
      };
    case 'ZodArray':
      return [validValue(s._def.type as ZodLike, key, v, leaves, [...path, 0])];
    case 'ZodUnion':
      return validValue((s._def.options as ZodLike[])[0]!, key, v, leaves, path);
    case 'ZodEnum':
      return leaf('enum', (s._def.values as string[])[0]);
    case 'ZodLiteral':
      return s._def.value;
    case 'ZodNumber':
      return leaf(
        'other',
        key === 'version'
          ? 1
          : key === 'weekday'
            ? 2
            : key === 'durationMin' || key === 'slotIntervalMin'
              ? 60
              : key === 'holdMinutes'
                ? 30
                : key === 'auditRetentionDays'
                  ? 30
                  : 1,
      );
    case 'ZodBoolean':
      return leaf('other', key !== 'requiresPayment');
    case 'ZodString': {
      if (key === 'status') return leaf('enum', 'CONFIRMED,CANCELLED');
      if (key === 'limit') return leaf('other', '10');
      if (key === 'cursor') return undefined;
      if (key === 'currency') return leaf('text', 'EUR');
      if (key === 'currentPassword') return leaf('text', 'not the current password');
      if (key === 'token') return leaf('text', randomBytes(32).toString('base64url'));
      if (key === 'brandLogoUrl') return leaf('text', 'https://example.test/logo.png');
      if (key === 'brandAccentColor') return leaf('text', '#1f6feb');
      if (key === 'resourceType' || key === 'action') return leaf('text', 'booking');
      const isUuid = (s._def.checks as { kind: string }[] | undefined)?.some((c) => c.kind === 'uuid') || s === (ZId as unknown);
      if (isUuid || key.endsWith('Id') || key === 'id' || key === 'resourceIds') return leaf('other', v.ids[key] ?? v.ids.default);
      return leaf('text', `Fuzz ${key}`);
    }
    default:
      return undefined;
  }
}

type Built = { value: unknown; leaves: Leaf[] };
function valid(schema: unknown, v: Valid): Built | null {
  if (!schema || typeof schema !== 'object' || !('_def' in schema)) return null;
  const leaves: Leaf[] = [];
  return { value: validValue(schema as ZodLike, '', v, leaves, []), leaves };
}

function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(target) ? [...target] : { ...(target as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}

const RAW = '\ue000RAW\ue000';
/** The JSON body with raw bytes where the marker is (JSON.stringify leaves U+E000 as it is). */
function bodyBytes(value: unknown, bytes: Buffer): Buffer {
  const [before, after] = JSON.stringify(value).split(RAW) as [string, string];
  return Buffer.concat([Buffer.from(before), bytes, Buffer.from(after)]);
}

describe('input fuzz over every route', () => {
  let t: TestApp;
  let world: Bookable;
  let cookie: string;
  let v: Valid;
  beforeAll(async () => {
    // With Stripe (the emulator; no workers, so no event is processed behind a check's back): connecting is fuzzed for real.
    t = await createTestApp({ clock, stripe: { workers: false } });
    world = await setUpBookable(t);
    cookie = world.owner.cookie;
    const owner = as(t, world.owner);
    // Throwaway rows for the routes that delete, archive or replace what the public routes rely on.
    const victimResource = await createResource(t, world.owner, { timeZone: 'UTC' });
    const victimService = await createService(t, world.owner, { resourceIds: [world.resource.id] });
    const victimCustomer = await createCustomer(t, world.owner);
    const blackout = await owner.post('/v1/blackouts').send({ startDate: '2031-01-01', endDate: '2031-01-01', reason: 'Fuzz' }).expect(201);
    const book = async (startsAt: string, who: string) =>
      (
        await t.http
          .post(`/v1/public/tenants/${world.owner.slug}/bookings`)
          .set('Origin', ORIGIN)
          .send({ serviceId: world.service.id, startsAt, timeZone: 'UTC', customer: customer(who) })
          .expect(201)
      ).body as { id: string };
    const kept = await book('2030-03-29T16:00:00Z', 'fuzz-kept');
    const cancelled = await book('2030-03-29T15:00:00Z', 'fuzz-cancelled');
    const token = async (id: string) =>
      manageUrl(t.deps, await t.prisma.booking.findUniqueOrThrow({ where: { id } }))
        .split('/')
        .pop()!;
    // Free weekday slots in March (London is on UTC then), drawn at random for new bookings.
    const starts: string[] = [];
    for (let day = 5; day <= 28; day++) {
      const date = `2030-03-${String(day).padStart(2, '0')}`;
      if ([0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay())) continue;
      for (let h = 9; h <= 16; h++) starts.push(`${date}T${String(h).padStart(2, '0')}:00:00Z`);
    }
    let n = 0;
    v = {
      slotStart: () => starts[Math.floor(Math.random() * starts.length)]!,
      unique: () => `${Date.now().toString(36)}-${n++}`,
      ids: {
        default: DEFAULT_ID,
        serviceId: world.service.id,
        resourceId: world.resource.id,
        resourceIds: world.resource.id,
        customerId: victimCustomer.id,
        tenantId: world.owner.tenantId,
        'resources.id': victimResource.id,
        'services.id': victimService.id,
        'customers.id': victimCustomer.id,
        'blackouts.id': (blackout.body as { id: string }).id,
        'bookings.id': kept.id,
        'audit.resourceId': kept.id,
        'manage.token': await token(kept.id),
        'manage.cancel.token': await token(cancelled.id),
      },
    };
  });
  afterAll(() => t.close());

  const routes = routesOf(everyRoute);

  /** Sends one request and checks the answer; `write` is the body (JSON value or raw bytes) if any. */
  async function check(method: string, path: string, signedIn: boolean, key: string, send?: { json?: unknown; raw?: string | Buffer }) {
    const before = await dbFingerprint(t.prisma);
    const req = t.http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path).set('Origin', ORIGIN);
    if (signedIn) req.set('Cookie', cookie);
    if (send?.json !== undefined) req.set('Content-Type', 'application/json').send(JSON.stringify(send.json));
    else if (send?.raw !== undefined) req.set('Content-Type', 'application/json').send(send.raw);
    const res: Response = await req;
    expect(res.status, `${method} ${path} → ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.headers['content-type'], `${method} ${path}`).toMatch(/application\/json/);
      expect(res.body, `${method} ${path}`).toEqual({
        error: expect.objectContaining({ code: expect.any(String), message: expect.any(String), requestId: expect.any(String) }),
      });
      expect(await dbFingerprint(t.prisma), `${method} ${path} wrote on ${res.status}`).toEqual(before);
    } else if (key === 'api.auth.logout' && signedIn) {
      // Logging out ends our session; sign in again for the next runs.
      const login = await t.http.post('/v1/auth/login').set('Origin', ORIGIN).send({ email: world.owner.email, password: world.owner.password });
      cookie = String(([] as string[]).concat(login.headers['set-cookie'] as unknown as string[])[0]).split(';')[0]!;
    }
  }

  /** The path with each parameter filled: real ids for this route, or `spoil` for the one named. */
  function pathOf(key: string, route: AppRoute, spoil?: { name: string; url: string }): string {
    const group = key.split('.')[1]!;
    return route.path.replace(/:(\w+)/g, (_m, name: string) => {
      if (spoil?.name === name) return spoil.url;
      if (name === 'slug') return world.owner.slug;
      if (name === 'date') return '2030-03-12';
      if (name === 'resourceType') return 'booking';
      const id = v.ids[`${key.split('.').slice(1).join('.')}.${name}`] ?? v.ids[`${group}.${name}`] ?? v.ids[name] ?? DEFAULT_ID;
      return name === 'token' && !id.includes('.') ? randomBytes(32).toString('base64url') : id;
    });
  }

  const queryString = (query: Record<string, unknown>, spoil?: { name: string; url: string }) =>
    Object.entries(query)
      .filter(([name, value]) => value !== undefined || name === spoil?.name)
      .map(([name, value]) => `${name}=${spoil?.name === name ? spoil.url : encodeURIComponent(String(value))}`)
      .join('&');

  it('covers the whole contract', () => {
    expect(routes.length).toBeGreaterThan(40);
  });

  const CLASSES: HostileClass[] = ['control', 'utf8', 'percent', 'date', 'enum'];
  const preferred: Record<HostileClass, Leaf['kind'][]> = {
    control: ['text'],
    utf8: ['text'],
    percent: ['text', 'other'],
    date: ['datetime', 'date', 'time'],
    enum: ['enum'],
  };

  for (const [key, route] of routes) {
    for (const signedIn of [true, false]) {
      // Without a session, a session route stops at the guard (after Express has decoded the path): fewer runs.
      const thorough = signedIn || (route.metadata as TRouteMeta | undefined)?.auth === 'public';
      it(`${key} (${signedIn ? 'signed in' : 'anonymous'})`, async () => {
        // Shapeless junk.
        await fc.assert(
          fc.asyncProperty(fc.array(segment, { minLength: 4, maxLength: 4 }), junkQuery, junkBody, async (segments, q, b) => {
            let i = 0;
            const path = route.path.replace(/:(\w+)/g, (_m, name: string) =>
              name === 'slug' && i++ % 2 === 0 ? world.owner.slug : encodeURIComponent(segments[i++ % 4] ?? 'x'),
            );
            const qs = queryString(q);
            await check(
              route.method,
              qs ? `${path}?${qs}` : path,
              signedIn,
              key,
              b.kind === 'json' ? { json: b.value } : b.kind === 'raw' ? { raw: b.value } : undefined,
            );
          }),
          { numRuns: 2 },
        );

        // A request the route would accept, spoilt in one place by each class of hostile input.
        const params = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const hasBody = route.method !== 'GET' && 'body' in route;
        for (const cls of CLASSES) {
          await fc.assert(
            fc.asyncProperty(fc.nat(), fc.nat(), async (pick, n) => {
              const query = valid((route as { query?: unknown }).query, v);
              const body = hasBody ? valid((route as { body?: unknown }).body, v) : null;
              type Target = { where: 'path'; name: string } | { where: 'query' | 'body'; leaf: Leaf };
              const targets: Target[] = [
                ...params.map((name) => ({ where: 'path' as const, name })),
                ...(query?.leaves ?? []).map((leaf) => ({ where: 'query' as const, leaf })),
                ...(body?.leaves ?? []).map((leaf) => ({ where: 'body' as const, leaf })),
              ];
              const liked = targets.filter((x) => x.where === 'path' || preferred[cls].includes(x.leaf.kind));
              const pool = liked.length ? liked : targets;
              const target: Target = pool.length ? pool[pick % pool.length]! : { where: 'query', leaf: { path: ['x'], kind: 'other' } };

              let path = pathOf(key, route);
              let qs = query ? queryString(query.value as Record<string, unknown>) : '';
              let send: { json?: unknown; raw?: string | Buffer } | undefined = body ? { json: body.value } : undefined;
              if (target.where === 'path') {
                const hostile = hostileValue(cls, 'path', target.name === 'date' ? 'date' : 'other', n);
                path = pathOf(key, route, { name: target.name, url: 'url' in hostile ? hostile.url : 'x' });
              } else if (target.where === 'query') {
                const name = String(target.leaf.path[0]);
                const hostile = hostileValue(cls, 'query', target.leaf.kind, n);
                qs = queryString({ ...((query?.value as Record<string, unknown>) ?? {}) }, { name, url: 'url' in hostile ? hostile.url : 'x' });
              } else {
                const hostile = hostileValue(cls, 'body', target.leaf.kind, n);
                send =
                  'bytes' in hostile
                    ? { raw: bodyBytes(setAt(body!.value, target.leaf.path, RAW), hostile.bytes) }
                    : { json: setAt(body!.value, target.leaf.path, 'text' in hostile ? hostile.text : 'x') };
              }
              await check(route.method, qs ? `${path}?${qs}` : path, signedIn, key, send);
            }),
            { numRuns: thorough ? 3 : 1 },
          );
        }
      });
    }
  }
});
