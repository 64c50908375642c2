import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { ApiError } from './api-exception.filter';
import { CursorField, CursorKey, readCursorKey } from './cursor-codec';
import { EmptyQueryIsAbsent, OptionalText } from './optional-text.validator';

export { encodeCursor } from './cursor-codec';

/** The key a cursor holds when it has the shape `fields`; a 422 on `cursor` otherwise. */
export function decodeCursor<const S extends readonly CursorField[]>(
  cursor: string,
  fields: S,
): CursorKey<S> {
  const key = readCursorKey(cursor, fields);
  if (key === null) throw new ApiError(422, { cursor: 'is invalid' });
  return key;
}

/** A 422 on `offset` when a request names both a cursor and an offset: one position only. */
export function assertOneStart(page: { cursor?: string; offset?: number }): void {
  if (page.cursor !== undefined && page.offset !== undefined && page.offset !== 0) {
    throw new ApiError(422, { offset: 'cannot be combined with cursor' });
  }
}

/** The `cursor` query parameter: base64url text from a previous answer's `nextCursor`. */
export function CursorParam(): PropertyDecorator {
  return applyDecorators(
    EmptyQueryIsAbsent(),
    ValidateIf((_object, value) => value !== undefined && value !== null),
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'is invalid' }),
    OptionalText(1024),
    ApiPropertyOptional({
      description:
        "The previous page's `nextCursor`: the page after it, at the same cost at any depth (not with offset)",
    }),
  );
}
