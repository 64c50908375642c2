import { Writable } from 'node:stream';

export type LogEntry = Record<string, unknown> & {
  req?: { id?: string; method?: string; url?: string };
  res?: { statusCode?: number };
};

/** Every JSON line an app logs (its `logDestination`), kept instead of written to standard output. */
export class CapturedLogs extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  entries(): LogEntry[] {
    return this.lines.map((line) => JSON.parse(line) as LogEntry);
  }

  /** The access-log line of a request, by the id the client got back. */
  ofRequest(id: string): LogEntry | undefined {
    return this.entries().find((entry) => entry.req?.id === id);
  }
}
