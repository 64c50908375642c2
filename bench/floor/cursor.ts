/** Cursors as Folio writes them (src/common/cursor.ts): base64url of a JSON array, a row's sort key. */

export type CursorValue = string | number | null;

export const encodeCursor = (key: readonly CursorValue[]): string =>
  Buffer.from(JSON.stringify(key)).toString('base64url');

const fits = {
  int: Number.isSafeInteger,
  number: Number.isFinite,
  text: (v: unknown) => typeof v === 'string',
};

/** The key a cursor holds when it has these types; otherwise a 422 with Folio's body (not its every check). */
export function decodeCursor(cursor: string, types: readonly (keyof typeof fits)[]): CursorValue[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== types.length ||
    !types.every((type, index) => fits[type](key[index]))
  ) {
    throw Object.assign(new Error('cursor'), {
      statusCode: 422,
      body: { errors: { cursor: ['is invalid'] } },
    });
  }
  return key as CursorValue[];
}
