import { i18n } from 'src/boot/i18n';
import { ApiError } from './http';

type Key = keyof (typeof import('src/i18n/en'))['default']['apiErrors']['messages'];

/**
 * The API's messages a reader can meet in the site, as the server writes them (RealWorld's English),
 * with the values they carry: each is shown in the reader's language. One not listed is shown as it
 * came, which still says what went wrong.
 */
const MESSAGES: [RegExp, Key][] = [
  [/^can't be blank$/, 'blank'],
  [/^has already been taken$/, 'taken'],
  [/^is invalid$/, 'invalid'],
  [/^is invalid or expired$/, 'invalidOrExpired'],
  [/^is expired$/, 'expired'],
  [/^is missing$/, 'missing'],
  [/^is too short \(minimum is (?<count>\d+) characters\)$/, 'tooShort'],
  [/^is too long \(maximum is (?<count>\d+) characters\)$/, 'tooLong'],
  [/^is too long$/, 'tooLongPlain'],
  [/^must be a string$/, 'notString'],
  [/^must be an http\(s\) URL$/, 'notHttpUrl'],
  [/^must contain a letter or digit$/, 'letterOrDigit'],
  [/^must be a whole number$/, 'wholeNumber'],
  [/^must be at least (?<count>\d+)$/, 'atLeast'],
  [/^must be at most (?<count>\d+)$/, 'atMost'],
  [/^is reserved$/, 'reserved'],
  [/^not found$/, 'notFound'],
  [/^forbidden$/, 'forbidden'],
  [/^does not exist$/, 'doesNotExist'],
  [/^must be verified first$/, 'verifyFirst'],
  [/^must be in the future$/, 'future'],
  [/^is needed to schedule an article$/, 'scheduleNeedsDate'],
  [/^is not a readable image$/, 'notImage'],
  [/^is larger than (?<count>\d+) MB$/, 'tooLarge'],
  [/^is used by an article, a page or a profile image$/, 'mediaInUse'],
  [/^too many attempts, try again in (?<seconds>\d+) s$/, 'tooManyAttempts'],
  [/^(is unavailable|is shutting down), try again shortly$/, 'unavailable'],
];

/** Errors that read as a sentence of their own rather than "field message". */
const SENTENCES: Record<string, Key> = {
  'credentials invalid': 'credentialsInvalid',
  'session ended': 'sessionEnded',
  'invitation used or replaced': 'invitationUsed',
};

/** Fields whose messages are sentences of their own ("too many attempts…"): no label before them. */
const UNLABELLED = new Set(['rateLimit', 'request', 'server', 'error']);

const t = (key: string, values: Record<string, unknown> = {}): string => i18n.global.t(key, values);

/** A message of the API in the reader's language, for under its field. */
export function fieldMessage(message: string): string {
  for (const [pattern, key] of MESSAGES) {
    const match = pattern.exec(message);
    if (!match) continue;
    const values = Object.fromEntries(
      Object.entries(match.groups ?? {}).map(([name, value]) => [name, Number(value)]),
    );
    return t(`apiErrors.messages.${key}`, values);
  }
  return message;
}

/** A field's messages as one line for a banner or a notification: "Email has already been taken". */
export function fieldErrorLine(field: string, messages: readonly string[]): string {
  const sentence = messages.length === 1 ? SENTENCES[`${field} ${messages[0]}`] : undefined;
  if (sentence) return t(`apiErrors.messages.${sentence}`);
  const text = messages.map(fieldMessage).join(', ');
  if (UNLABELLED.has(field)) return capitalize(text);
  const label = i18n.global.te(`apiErrors.fields.${field}`)
    ? t(`apiErrors.fields.${field}`)
    : field;
  return t('apiErrors.line', { field: label, message: text });
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** What went wrong, in the reader's language: an API error's lines, or any other error's message. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  const lines = Object.entries(error.errors).map(([field, messages]) =>
    fieldErrorLine(field, messages),
  );
  return lines.join('; ') || `HTTP ${error.status}`;
}
