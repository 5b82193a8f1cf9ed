import { invalidRequest } from './errors';

/**
 * Failures armed by a test for the next API calls: a 500 (the SDK retries it), a 429 rate limit,
 * or a request that hangs (forever, or for `delayMs` before it is processed normally — a slow
 * Stripe whose work still happens after the client gave up).
 */

export type FaultType = 'server_error' | 'rate_limit' | 'hang';

export type FaultSpec = {
  type: FaultType;
  /** How many matching calls fail. Default 1. */
  count?: number;
  /** For `hang`: answer normally after this long instead of never. */
  delayMs?: number;
  /** Only calls whose path starts with this (e.g. `/v1/checkout/sessions`). */
  path?: string;
  /** Only calls with this method. */
  method?: string;
};

export type ArmedFault = Required<Pick<FaultSpec, 'type'>> & { remaining: number; delayMs: number | null; path: string | null; method: string | null };

export class Faults {
  private armed: ArmedFault[] = [];

  arm(spec: FaultSpec): ArmedFault {
    if (!['server_error', 'rate_limit', 'hang'].includes(spec.type)) throw invalidRequest('`type` must be one of server_error, rate_limit, hang.', 'type');
    const count = spec.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw invalidRequest('`count` must be a positive integer.', 'count');
    const fault: ArmedFault = {
      type: spec.type,
      remaining: count,
      delayMs: spec.delayMs ?? null,
      path: spec.path ?? null,
      method: spec.method?.toUpperCase() ?? null,
    };
    this.armed.push(fault);
    return { ...fault };
  }

  /** The fault that applies to this call, consuming one of its count. */
  take(method: string, pathname: string): ArmedFault | undefined {
    const fault = this.armed.find((f) => f.remaining > 0 && (!f.method || f.method === method) && (!f.path || pathname.startsWith(f.path)));
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
