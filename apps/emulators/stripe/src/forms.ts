import { invalidRequest, missingParam } from './errors';

/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed keys for nesting,
 * e.g. `line_items[0][price_data][product_data][name]=Cut`, `metadata[booking]=b1`, `expand[]=x`
 * (the SDK writes arrays as `expand[0]=x`). Query strings of GET requests use the same encoding.
 */

export type ParamValue = string | Params | ParamValue[];
export type Params = { [key: string]: ParamValue };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function splitKey(raw: string): string[] | null {
  const open = raw.indexOf('[');
  if (open === -1) return [raw];
  const segments = [raw.slice(0, open)];
  const rest = raw.slice(open);
  const re = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return null;
    segments.push(m[1] ?? '');
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? segments : null;
}

type Tree = { [key: string]: string | Tree };

function toValue(node: string | Tree): ParamValue {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  const isList = keys.length > 0 && keys.every((k, i) => k === String(i));
  if (isList) return keys.map((k) => toValue(node[k] as string | Tree));
  const out: Params = {};
  for (const k of keys) out[k] = toValue(node[k] as string | Tree);
  return out;
}

/** Parses a urlencoded string into nested params. Throws a Stripe-shaped 400 for malformed keys. */
export function parseForm(body: string): Params {
  const root: Tree = {};
  if (!body) return {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const segments = splitKey(rawKey);
    if (!segments || segments[0] === '') throw invalidRequest(`Invalid parameter name: ${rawKey}`, rawKey);
    if (segments.some((s) => FORBIDDEN_KEYS.has(s))) throw invalidRequest(`Invalid parameter name: ${rawKey}`, rawKey);
    let node: Tree = root;
    for (let i = 0; i < segments.length; i += 1) {
      const last = i === segments.length - 1;
      let key = segments[i] as string;
      // `a[]` appends: the next free index.
      if (key === '' && i > 0) key = String(Object.keys(node).length);
      if (last) {
        node[key] = value;
        break;
      }
      const existing = node[key];
      if (typeof existing === 'string') throw invalidRequest(`Invalid parameter: ${rawKey} mixes a value and nested keys`, rawKey);
      const child: Tree = existing ?? {};
      node[key] = child;
      node = child;
    }
  }
  return toValue(root) as Params;
}

/** A stable text form of params, for idempotency comparisons. */
export function canonical(value: ParamValue): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(value[k] as ParamValue)}`)
    .join(',')}}`;
}

/**
 * Typed access to params with Stripe's error messages and `param` names such as
 * `payment_intent_data[application_fee_amount]`.
 */
export class ParamReader {
  constructor(
    readonly params: Params,
    readonly prefix = '',
  ) {}

  name(key: string): string {
    return this.prefix ? `${this.prefix}[${key}]` : key;
  }

  has(key: string): boolean {
    return this.params[key] !== undefined;
  }

  /** Rejects keys other than `allowed`, as Stripe does ("Received unknown parameter"). */
  allowOnly(allowed: readonly string[]): this {
    for (const key of Object.keys(this.params)) {
      if (!allowed.includes(key)) throw invalidRequest(`Received unknown parameter: ${this.name(key)}`, this.name(key), 'parameter_unknown');
    }
    return this;
  }

  private raw(key: string, required: boolean): ParamValue | undefined {
    const v = this.params[key];
    if (v === undefined && required) throw missingParam(this.name(key));
    return v;
  }

  str(key: string, opts: { required: true; max?: number }): string;
  str(key: string, opts?: { required?: boolean; max?: number }): string | undefined;
  str(key: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    const v = this.raw(key, opts.required ?? false);
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw invalidRequest(`Invalid string: ${this.name(key)} must be a string`, this.name(key));
    if (opts.required && v === '')
      throw invalidRequest(
        `You passed an empty string for '${this.name(key)}'. We assume empty values are an attempt to unset a parameter; however '${this.name(key)}' cannot be unset. You should remove '${this.name(key)}' from your request or supply a non-empty value.`,
        this.name(key),
        'parameter_invalid_empty',
      );
    if (opts.max !== undefined && v.length > opts.max)
      throw invalidRequest(`Invalid ${this.name(key)}: must be at most ${opts.max} characters`, this.name(key), 'string_length_exceeded');
    return v;
  }

  int(key: string, opts: { required: true; min?: number; max?: number }): number;
  int(key: string, opts?: { required?: boolean; min?: number; max?: number }): number | undefined;
  int(key: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | undefined {
    const v = this.raw(key, opts.required ?? false);
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || !/^-?\d+$/.test(v))
      throw invalidRequest(`Invalid integer: ${typeof v === 'string' ? v : this.name(key)}`, this.name(key), 'parameter_invalid_integer');
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw invalidRequest(`Invalid integer: ${v}`, this.name(key), 'parameter_invalid_integer');
    if (opts.min !== undefined && n < opts.min)
      throw invalidRequest(`This value must be greater than or equal to ${opts.min}.`, this.name(key), 'parameter_invalid_integer');
    if (opts.max !== undefined && n > opts.max)
      throw invalidRequest(`This value must be less than or equal to ${opts.max}.`, this.name(key), 'parameter_invalid_integer');
    return n;
  }

  bool(key: string): boolean | undefined {
    const v = this.raw(key, false);
    if (v === undefined) return undefined;
    if (v === 'true') return true;
    if (v === 'false') return false;
    throw invalidRequest(`Invalid boolean: ${typeof v === 'string' ? v : this.name(key)}`, this.name(key));
  }

  oneOf<T extends string>(key: string, values: readonly T[], opts: { required: true }): T;
  oneOf<T extends string>(key: string, values: readonly T[], opts?: { required?: boolean }): T | undefined;
  oneOf<T extends string>(key: string, values: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const v = this.str(key, opts);
    if (v === undefined) return undefined;
    if (!(values as readonly string[]).includes(v)) throw invalidRequest(`Invalid ${this.name(key)}: must be one of ${values.join(', ')}`, this.name(key));
    return v as T;
  }

  obj(key: string, opts: { required: true }): ParamReader;
  obj(key: string, opts?: { required?: boolean }): ParamReader | undefined;
  obj(key: string, opts: { required?: boolean } = {}): ParamReader | undefined {
    const v = this.raw(key, opts.required ?? false);
    if (v === undefined || v === '') return undefined;
    if (typeof v === 'string' || Array.isArray(v)) throw invalidRequest(`Invalid object: ${this.name(key)} must be a hash`, this.name(key));
    return new ParamReader(v, this.name(key));
  }

  /** A list of hashes (`line_items[0][…]`). */
  objList(key: string, opts: { required?: boolean } = {}): ParamReader[] {
    const v = this.raw(key, opts.required ?? false);
    if (v === undefined || v === '') return [];
    if (!Array.isArray(v)) throw invalidRequest(`Invalid array: ${this.name(key)} must be an array`, this.name(key));
    return v.map((item, i) => {
      if (typeof item === 'string' || Array.isArray(item))
        throw invalidRequest(`Invalid object: ${this.name(key)}[${i}] must be a hash`, `${this.name(key)}[${i}]`);
      return new ParamReader(item, `${this.name(key)}[${i}]`);
    });
  }

  /** A list of strings (`expand[]`, `payment_method_types[]`). */
  strList(key: string): string[] {
    const v = this.raw(key, false);
    if (v === undefined || v === '') return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string'))
      throw invalidRequest(`Invalid array: ${this.name(key)} must be an array of strings`, this.name(key));
    return v as string[];
  }

  /** `metadata[key]=value`; Stripe's limits (50 keys, 40-character keys, 500-character values). */
  metadata(key = 'metadata'): Record<string, string> | undefined {
    const v = this.raw(key, false);
    if (v === undefined) return undefined;
    if (v === '') return {};
    if (typeof v === 'string' || Array.isArray(v)) throw invalidRequest(`Invalid object: ${this.name(key)} must be a hash`, this.name(key));
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      if (typeof val !== 'string') throw invalidRequest(`Invalid value for ${this.name(key)}[${k}]: must be a string`, `${this.name(key)}[${k}]`);
      if (k.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters; ${k} is too long.`, `${this.name(key)}[${k}]`);
      if (val.length > 500)
        throw invalidRequest(
          `Metadata values can have up to 500 characters, but you passed in a value that is ${val.length} characters.`,
          `${this.name(key)}[${k}]`,
        );
      out[k] = val;
    }
    if (Object.keys(out).length > 50) throw invalidRequest('You can have up to 50 metadata keys.', this.name(key));
    return out;
  }
}

/** Applies a metadata update as Stripe does: an empty value removes the key. */
export function mergeMetadata(current: Record<string, string>, update: Record<string, string> | undefined): Record<string, string> {
  if (update === undefined) return current;
  if (Object.keys(update).length === 0) return {};
  const next = { ...current };
  for (const [k, v] of Object.entries(update)) {
    if (v === '') delete next[k];
    else next[k] = v;
  }
  return next;
}
