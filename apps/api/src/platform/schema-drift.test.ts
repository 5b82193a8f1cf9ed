import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase, dropDatabase } from '../../test/db';
import { Prisma } from '../generated/prisma/client';
import { migrate } from './migrate';
import { REPO_ROOT } from './paths';

/**
 * The migrations are hand-written SQL, so this test keeps them honest: an empty database,
 * migrated, must have every scalar field of every model in prisma/schema.prisma, with a
 * column of the matching type class and nullability.
 */

type Field = { model: string; name: string; column: string; type: string; optional: boolean; list: boolean; table: string };

const SCALAR_CLASSES: Record<string, string[]> = {
  String: ['text', 'character varying', 'character', 'uuid', 'citext'],
  Int: ['integer', 'smallint'],
  BigInt: ['bigint'],
  Float: ['double precision', 'real'],
  Decimal: ['numeric'],
  Boolean: ['boolean'],
  DateTime: ['timestamp with time zone', 'timestamp without time zone', 'date'],
  Json: ['jsonb', 'json'],
  Bytes: ['bytea'],
};

function schemaFields(): Field[] {
  const schema = readFileSync(path.join(REPO_ROOT, 'prisma', 'schema.prisma'), 'utf8');
  const enums = new Set([...schema.matchAll(/^enum\s+(\w+)\s*\{/gm)].map((m) => m[1]!));
  const models = new Set(Object.values(Prisma.ModelName) as string[]);
  const fields: Field[] = [];
  for (const [, model, body] of schema.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
    const table = /@@map\("([^"]+)"\)/.exec(body!)?.[1] ?? model!;
    for (const line of body!.split('\n')) {
      const m = /^\s*(\w+)\s+(\w+(?:\("[^"]+"\))?)(\?|\[\])?(.*)$/.exec(line);
      if (!m || line.trim().startsWith('//') || line.trim().startsWith('@@')) continue;
      const [, name, type, modifier, rest] = m;
      if (models.has(type!)) continue; // relation field, no column
      const column = /@map\("([^"]+)"\)/.exec(rest!)?.[1] ?? name!;
      fields.push({
        model: model!,
        name: name!,
        column,
        type: enums.has(type!) ? 'enum' : type!.startsWith('Unsupported(') ? `raw:${/"([^"]+)"/.exec(type!)![1]}` : type!,
        optional: modifier === '?',
        list: modifier === '[]',
        table,
      });
    }
  }
  return fields;
}

describe('schema drift', () => {
  const dbName = `drift_${process.env.VITEST_POOL_ID ?? 0}`;
  let url: string;
  beforeAll(async () => {
    url = await createEmptyDatabase(dbName);
    await migrate(url);
  });
  afterAll(() => dropDatabase(dbName));

  it('every model field exists as a column with the right type class and nullability', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: 'YES' | 'NO' }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = 'public'`,
    );
    await client.end();
    const columns = new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, r]));
    const fields = schemaFields();
    expect(fields.length).toBeGreaterThan(5);
    const problems: string[] = [];
    for (const f of fields) {
      const col = columns.get(`${f.table}.${f.column}`);
      if (!col) {
        problems.push(`${f.model}.${f.name}: no column ${f.table}.${f.column}`);
        continue;
      }
      const expected = f.list
        ? ['ARRAY']
        : f.type === 'enum'
          ? ['USER-DEFINED']
          : f.type.startsWith('raw:')
            ? [f.type.slice(4)]
            : (SCALAR_CLASSES[f.type] ?? []);
      if (!expected.includes(col.data_type)) problems.push(`${f.model}.${f.name}: ${col.data_type}, expected ${expected.join('|')}`);
      const nullable = col.is_nullable === 'YES';
      if (nullable !== f.optional && !f.list) problems.push(`${f.model}.${f.name}: nullable=${nullable}, schema says ${f.optional}`);
    }
    expect(problems).toEqual([]);
  });

  it('every model has a table', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`);
    await client.end();
    const tables = new Set(rows.map((r) => r.table_name));
    const missing = [...new Set(schemaFields().map((f) => f.table))].filter((t) => !tables.has(t));
    expect(missing).toEqual([]);
  });
});
