/**
 * A log of the requests the emulator served (controls excepted), so tests and the bench can
 * count HTTP requests: a batch is one request however many calls it carries; its calls are
 * counted separately as `batchItems`.
 */

export type LoggedRequest = { method: string; path: string; status: number; at: string; inBatch: boolean; items?: number };

const KEPT = 5000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private http = 0;
  private items = 0;
  private byPath = new Map<string, number>();
  private callsByPath = new Map<string, number>();

  record(entry: LoggedRequest): void {
    const key = `${entry.method} ${entry.path}`;
    if (entry.inBatch) this.items += 1;
    else {
      this.http += 1;
      this.byPath.set(key, (this.byPath.get(key) ?? 0) + 1);
    }
    if (entry.items === undefined) this.callsByPath.set(key, (this.callsByPath.get(key) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > KEPT) this.entries.splice(0, this.entries.length - KEPT);
  }

  summary(): { httpRequests: number; batchItems: number; byPath: Record<string, number>; callsByPath: Record<string, number>; log: LoggedRequest[] } {
    return {
      httpRequests: this.http,
      batchItems: this.items,
      byPath: Object.fromEntries(this.byPath),
      callsByPath: Object.fromEntries(this.callsByPath),
      log: this.entries.map((e) => ({ ...e })),
    };
  }

  clear(): void {
    this.entries = [];
    this.http = 0;
    this.items = 0;
    this.byPath.clear();
    this.callsByPath.clear();
  }
}
