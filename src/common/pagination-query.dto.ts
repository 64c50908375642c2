import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min, ValidationArguments } from 'class-validator';
import { CursorParam } from './cursor';
import { MAX_ID } from './id.pipe';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** No table holds more rows than an integer id counts; past it PostgreSQL's OFFSET (bigint) would fail. */
export const MAX_OFFSET = MAX_ID;

/** Only digits (with an optional minus) make a number: '', '1e3', '0x10' and ' ' do not. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (/^-?\d+$/.test(value.trim()) ? Number(value) : NaN) : value;

/**
 * An optional whole number of the query string from `min` to `max`; `byDefault` documents its absence.
 * Registered in the order of the decorators stacked (bottom-up), as they are checked, stopping at the
 * first failure: a whole number first, then its range.
 */
export function QueryInteger(min: number, max: number, byDefault: number): PropertyDecorator {
  return applyDecorators(
    IsInt({
      message: ({ value }: ValidationArguments) =>
        // `?limit=1&limit=2`, as the text filters say it.
        Array.isArray(value) ? 'must be a single value, not a list' : 'must be a whole number',
    }),
    Min(min, { message: min === 0 ? 'must not be negative' : `must be at least ${min}` }),
    Max(max, { message: `must be at most ${max}` }),
    Transform(toInteger),
    IsOptional(),
    ApiPropertyOptional({ type: 'integer', minimum: min, maximum: max, default: byDefault }),
  );
}

/**
 * `limit` and `offset` from the query string: whole numbers in range, or a 422 naming the field.
 * The one paging rule of every list (articles, feed, admin users): extend it.
 */
export class PaginationQueryDto {
  @QueryInteger(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @QueryInteger(0, MAX_OFFSET, 0)
  offset?: number;
}

/**
 * A list that pages by keyset too: `cursor` (a previous answer's `nextCursor`) or `offset`, not both.
 * Offset keeps RealWorld clients working; a cursor costs the same on page 1,000 as on page 1.
 */
export class CursorPaginationQueryDto extends PaginationQueryDto {
  @CursorParam()
  cursor?: string;
}
