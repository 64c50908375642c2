import { ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { CursorPaginationQueryDto, MAX_PAGE_SIZE } from '../../../common/pagination-query.dto';

/**
 * How many comments the route answers without `limit`: RealWorld clients ask for the whole list, and
 * get it up to this many, with a `nextCursor` for the rest.
 */
export const MAX_UNPAGED_COMMENTS = 500;

/** Only digits (with an optional minus) make a number, as for every list's `limit`. */
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? (/^-?\d+$/.test(value.trim()) ? Number(value) : NaN) : value;

/**
 * `GET /api/articles/:slug/comments?limit=&cursor=`: keyset pages, no offset. `limit` is declared here
 * rather than picked, since its absence means the whole list (up to MAX_UNPAGED_COMMENTS), not 20.
 */
export class ListCommentsQueryDto extends PickType(CursorPaginationQueryDto, ['cursor'] as const) {
  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_PAGE_SIZE,
    description: `Comments per page; without it, the whole list up to ${MAX_UNPAGED_COMMENTS}`,
  })
  @IsOptional()
  @Transform(toInteger)
  @Max(MAX_PAGE_SIZE, { message: `must be at most ${MAX_PAGE_SIZE}` })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number' })
  limit?: number;
}
