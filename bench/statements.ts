import pg from 'pg';

/**
 * With BENCH_PG_STATEMENTS=1 the bench preloads pg_stat_statements and prints, per measured
 * phase, which statements ran and what they cost per booking: calls, execution time and rows.
 * Diagnostic only (the extension itself costs a little on both sides).
 */

export type StatementRow = { query: string; calls: number; totalMs: number; rows: number };

export async function resetStatements(url: string): Promise<void> {
  await withClient(url, (c) => c.query('SELECT pg_stat_statements_reset()'));
}

export async function topStatements(url: string, limit = 30): Promise<StatementRow[]> {
  const { rows } = await withClient(url, (c) =>
    c.query<{ query: string; calls: string; total: number; rows: string }>(
      `SELECT query, calls, total_exec_time AS total, rows FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT ILIKE '%pg_stat_statements%'
        ORDER BY calls DESC, total_exec_time DESC LIMIT $1`,
      [limit],
    ),
  );
  return rows.map((r) => ({ query: r.query, calls: Number(r.calls), totalMs: Number(r.total), rows: Number(r.rows) }));
}

/** Lines for the log: statements per unit of work (e.g. per booking), most frequent first. */
export function describeStatements(rows: StatementRow[], units: number, unitName: string): string[] {
  const totalCalls = rows.reduce((a, r) => a + r.calls, 0);
  const totalMs = rows.reduce((a, r) => a + r.totalMs, 0);
  const out = [
    `${(totalCalls / units).toFixed(1)} statements and ${(totalMs / units).toFixed(2)} ms of execution per ${unitName} (top ${rows.length} statements):`,
    `  calls/${unitName}  ms/${unitName}  rows/call  statement`,
  ];
  for (const r of rows) {
    const sql = r.query.replace(/\s+/g, ' ').slice(0, 160);
    out.push(
      `  ${(r.calls / units).toFixed(2).padStart(10)}  ${(r.totalMs / units).toFixed(3).padStart(8)}  ${(r.rows / Math.max(1, r.calls)).toFixed(1).padStart(9)}  ${sql}`,
    );
  }
  return out;
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
