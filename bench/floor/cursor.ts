import { CursorField, CursorKey, readCursorKey } from '../../src/common/cursor-codec';

export { encodeCursor } from '../../src/common/cursor-codec';

/** The key a cursor holds (Folio's codec), or the 422 Folio answers for a malformed one. */
export function decodeCursor<const S extends readonly CursorField[]>(
  cursor: string,
  fields: S,
): CursorKey<S> {
  const key = readCursorKey(cursor, fields);
  if (key === null) {
    throw Object.assign(new Error('cursor'), {
      statusCode: 422,
      body: { errors: { cursor: ['is invalid'] } },
    });
  }
  return key;
}
