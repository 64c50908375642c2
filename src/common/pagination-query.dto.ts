import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_ID } from './id.pipe';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** No table holds more rows than an integer id counts; past it PostgreSQL's OFFSET (bigint) would fail. */
export const MAX_OFFSET = MAX_ID;

/** Only digits (with an optional minus) make a number: '', '1e3', '0x10' and ' ' do not. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (/^-?\d+$/.test(value.trim()) ? Number(value) : NaN) : value;

/**
 * `limit` and `offset` from the query string: whole numbers in range, or a 422 naming the field.
 * The one paging rule of every list (articles, feed, admin users): extend it.
 */
export class PaginationQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInteger)
  // Checked bottom-up, stopping at the first failure: a whole number first, then its range.
  @Max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number' })
  limit?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_OFFSET, default: 0 })
  @IsOptional()
  @Transform(toInteger)
  @Max(MAX_OFFSET, { message: `must be at most ${MAX_OFFSET}` })
  @Min(0, { message: 'must not be negative' })
  @IsInt({ message: 'must be a whole number' })
  offset?: number;
}
