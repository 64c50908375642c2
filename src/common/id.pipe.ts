import { PipeTransform } from '@nestjs/common';
import { ApiError } from './api-exception.filter';

/** The largest value of an `integer` column, which every id is. */
export const MAX_ID = 2_147_483_647;

/**
 * A path `:id` as the id of a row: whole numbers from 1 to MAX_ID, written in digits only. Anything
 * else (`1e3`, `0x1`, `1.5`, `-1`, past the column's range) names no row: 404 `<entity>: not found`,
 * rather than a query PostgreSQL would refuse as out of range. Every `:id` route uses it:
 * `@Param('id', new IdPipe('comment')) id: number`.
 */
export class IdPipe implements PipeTransform<string, number> {
  constructor(private readonly entity: string) {}

  transform(value: string): number {
    const id = /^\d{1,10}$/.test(value) ? Number(value) : NaN;
    if (!(id >= 1 && id <= MAX_ID)) throw new ApiError(404, { [this.entity]: 'not found' });
    return id;
  }
}
