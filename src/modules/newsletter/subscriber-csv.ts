import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { isEmail } from 'class-validator';
import { normalizedEmail } from '../../common/email-address';
import type { SubscriberStatus } from './newsletter-subscriber.entity';

/** An address of a list moved in: subscribed there (active) or gone (unsubscribed). */
export interface ImportedSubscriber {
  email: string;
  status: Extract<SubscriberStatus, 'active' | 'unsubscribed'>;
  /** When it subscribed there, if the file says. */
  createdAt: Date | null;
  /** When it was confirmed there (Folio's export says), or null. */
  confirmedAt: Date | null;
  /** When it left there (Folio's export says), or null. */
  unsubscribedAt: Date | null;
}

export interface SubscriberFile {
  subscribers: ImportedSubscriber[];
  /** The rows not taken, by their line in the file (the header is line 1). */
  refused: { line: number; reason: string }[];
}

export class SubscriberFileError extends Error {}

/** Ghost's `subscribed_to_emails` as it writes it; blank is subscribed (Ghost's own reading). */
const SUBSCRIBED: Record<string, boolean> = { true: true, false: false, '': true };
/** Folio's own export's `status`. */
const STATUSES: Record<string, ImportedSubscriber['status'] | 'pending'> = {
  active: 'active',
  unsubscribed: 'unsubscribed',
  pending: 'pending',
  // Its mailbox was refused for good: moved in as one who left, so that it is mailed nothing.
  bounced: 'unsubscribed',
};

/** A cell a spreadsheet would run as a formula (OWASP's CSV injection), exported with a `'` first. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * The subscribers of a CSV file with a header row: Ghost's members export (`email`,
 * `subscribed_to_emails`, `created_at`), Folio's own export (`email`, `status`, `created_at`), or any
 * list with an `email` column (every address subscribed). Column names in any case; other columns are
 * ignored. An address given twice counts once (its first row); a Ghost member with a `deleted_at` not
 * at all.
 */
export function parseSubscriberCsv(text: string): SubscriberFile {
  let records: Record<string, string>[];
  let columns: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((name) => name.trim().toLowerCase())),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    throw new SubscriberFileError(`not a CSV file: ${(error as Error).message}`);
  }
  if (!columns.includes('email')) {
    throw new SubscriberFileError('its first line names no email column');
  }
  const subscribers: ImportedSubscriber[] = [];
  const refused: SubscriberFile['refused'] = [];
  /** Each address (in any case) and the line it was first given on. */
  const seen = new Map<string, number>();
  records.forEach((record, index) => {
    const line = index + 2;
    const email = normalizedEmail((record.email ?? '').replace(/^'(?=[=+\-@])/, ''));
    if (email === '' || email.length > 254 || !isEmail(email)) {
      refused.push({ line, reason: email === '' ? 'no email' : `${email}: not an email address` });
      return;
    }
    const status = statusOf(record);
    if (status === undefined) {
      refused.push({ line, reason: `${email}: its status is not one Folio knows` });
      return;
    }
    if (status === 'pending') {
      refused.push({ line, reason: `${email}: never confirmed, not imported` });
      return;
    }
    if (record.deleted_at) {
      refused.push({ line, reason: `${email}: deleted on the old site, not imported` });
      return;
    }
    const first = seen.get(email.toLowerCase());
    if (first !== undefined) {
      refused.push({ line, reason: `${email}: given before, on line ${first}` });
      return;
    }
    seen.set(email.toLowerCase(), line);
    subscribers.push({
      email,
      status,
      createdAt: dateOf(record.created_at),
      confirmedAt: dateOf(record.confirmed_at),
      unsubscribedAt:
        status === 'unsubscribed'
          ? (dateOf(record.unsubscribed_at) ?? dateOf(record.bounced_at))
          : null,
    });
  });
  if (records.length === 0) throw new SubscriberFileError('it has no rows');
  return { subscribers, refused };
}

/** A cell's date, or null when it is empty or not a date. */
function dateOf(cell: string | undefined): Date | null {
  if (!cell) return null;
  const date = new Date(cell);
  return Number.isNaN(date.getTime()) ? null : date;
}

function statusOf(
  record: Record<string, string>,
): ImportedSubscriber['status'] | 'pending' | undefined {
  if ('status' in record) return STATUSES[record.status.toLowerCase()];
  if ('subscribed_to_emails' in record) {
    const subscribed = SUBSCRIBED[record.subscribed_to_emails.toLowerCase()];
    return subscribed === undefined ? undefined : subscribed ? 'active' : 'unsubscribed';
  }
  return 'active';
}

export interface ExportedSubscriber {
  email: string;
  status: SubscriberStatus;
  createdAt: Date;
  confirmedAt: Date | null;
  unsubscribedAt: Date | null;
  bouncedAt: Date | null;
}

export const SUBSCRIBER_CSV_COLUMNS = [
  'email',
  'status',
  'created_at',
  'confirmed_at',
  'unsubscribed_at',
  'bounced_at',
] as const;

/**
 * Rows of the export (the header with the first page, after a byte order mark: Excel reads a file
 * without one in the machine's legacy code page), which `parseSubscriberCsv` reads back.
 */
export function subscriberCsvRows(rows: readonly ExportedSubscriber[], header: boolean): string {
  const safe = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);
  return stringify(
    rows.map((row) => [
      safe(row.email),
      row.status,
      row.createdAt.toISOString(),
      row.confirmedAt?.toISOString() ?? '',
      row.unsubscribedAt?.toISOString() ?? '',
      row.bouncedAt?.toISOString() ?? '',
    ]),
    { header, bom: header, columns: [...SUBSCRIBER_CSV_COLUMNS], record_delimiter: 'windows' },
  );
}
