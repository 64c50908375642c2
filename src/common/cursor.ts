import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { ApiError } from './api-exception.filter';
import { OptionalText } from './optional-text.validator';

/**
 * Keyset pagination: a cursor is the sort key of the last row a page showed, opaque to clients
 * (base64url of a JSON array). The next page is the rows strictly after that key, so a page costs the
 * same at any depth, and rows inserted meanwhile neither repeat nor push rows out of the list.
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

/** The key a cursor holds when it has the shape `fields`; a 422 on `cursor` otherwise. */
export function decodeCursor<const S extends readonly CursorField[]>(
  cursor: string,
  fields: S,
): CursorKey<S> {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== fields.length ||
    !fields.every((field, index) => fits(field, key[index]))
  ) {
    throw new ApiError(422, { cursor: 'is invalid' });
  }
  return key as CursorKey<S>;
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
    ValidateIf((_object, value) => value !== undefined && value !== null),
    Matches(/^[A-Za-z0-9_-]+$/, { message: 'is invalid' }),
    OptionalText(1024),
    ApiPropertyOptional({
      description:
        "The previous page's `nextCursor`: the page after it, at the same cost at any depth (not with offset)",
    }),
  );
}
