/**
 * Keyset pagination: a cursor is the sort key of the last row a page showed, opaque to clients
 * (base64url of a JSON array). The next page is the rows strictly after that key, so a page costs the
 * same at any depth, and rows inserted meanwhile neither repeat nor push rows out of the list.
 * No framework here: the bench's floor writes and reads cursors with the same code.
 */
export type CursorValue = string | number | null;

/** What each position of a cursor's key holds. */
export type CursorField = 'int' | 'text' | 'number' | 'text?';

type FieldValue<F extends CursorField> = F extends 'int' | 'number'
  ? number
  : F extends 'text'
    ? string
    : string | null;

export type CursorKey<S extends readonly CursorField[]> = { [I in keyof S]: FieldValue<S[I]> };

export const MAX_CURSOR_LENGTH = 256;

export function encodeCursor(key: readonly CursorValue[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function fits(field: CursorField, value: unknown): boolean {
  switch (field) {
    case 'int':
      return Number.isSafeInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'text':
      return typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH;
    case 'text?':
      return value === null || (typeof value === 'string' && value.length <= MAX_CURSOR_LENGTH);
  }
}

/** The key a cursor holds when it has the shape `fields`; null for anything else. */
export function readCursorKey<const S extends readonly CursorField[]>(
  cursor: string,
  fields: S,
): CursorKey<S> | null {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const shaped =
    Array.isArray(key) &&
    key.length === fields.length &&
    fields.every((field, index) => fits(field, key[index]));
  return shaped ? (key as CursorKey<S>) : null;
}
