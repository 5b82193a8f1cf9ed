import { ControlError } from './errors';

/**
 * Failures armed by a test for the next calls: Google's 429 (rate limit), 403 rateLimitExceeded,
 * 500 or 503. Without `path` a fault hits Calendar API calls — each call inside a batch counts on
 * its own, so a failing item fails alone. With `path` it hits any request whose path starts with
 * it: `/calendar/v3/calendars/x/events`, `/batch/calendar/v3` (the whole batch), `/token`.
 */

export type FaultStatus = 403 | 429 | 500 | 503;
export type FaultSpec = { status: FaultStatus; count?: number; path?: string; method?: string };
export type ArmedFault = { status: FaultStatus; remaining: number; path: string | null; method: string | null };

const STATUSES = [403, 429, 500, 503];

/** Paths compare decoded: a calendar id's `@` may come as `%40`. */
function decode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

export class Faults {
  private armed: ArmedFault[] = [];

  arm(spec: FaultSpec): ArmedFault {
    if (!STATUSES.includes(spec.status)) throw new ControlError('`status` must be one of 429, 500, 503 or 403.');
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw new ControlError('`count` must be a positive integer.');
    if (spec.path !== undefined && (typeof spec.path !== 'string' || !spec.path.startsWith('/'))) throw new ControlError('`path` must start with /.');
    const fault: ArmedFault = { status: spec.status, remaining: count, path: spec.path ?? null, method: spec.method?.toUpperCase() ?? null };
    this.armed.push(fault);
    return { ...fault };
  }

  /** The fault for this request, consuming one of its count. `apiCall`: a Calendar call (direct or in a batch). */
  take(method: string, pathname: string, apiCall: boolean): ArmedFault | undefined {
    const path = decode(pathname);
    const fault = this.armed.find((f) => f.remaining > 0 && (!f.method || f.method === method) && (f.path ? path.startsWith(decode(f.path)) : apiCall));
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.armed = this.armed.filter((f) => f.remaining > 0);
    return { ...fault };
  }

  list(): ArmedFault[] {
    return this.armed.map((f) => ({ ...f }));
  }

  clear(): void {
    this.armed = [];
  }
}
