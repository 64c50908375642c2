import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidationArguments } from 'class-validator';

/**
 * A string of at most `max` characters, or nothing: absent and null skip the checks. The type first (a
 * query parameter given twice arrives as a list), then the length.
 */
export function OptionalText(max: number): PropertyDecorator {
  return applyDecorators(
    IsString({
      message: ({ value }: ValidationArguments) =>
        Array.isArray(value) ? 'must be a single value, not a list' : 'must be a string',
    }),
    MaxLength(max, { message: `is too long (maximum is ${max} characters)` }),
    IsOptional(),
  );
}

/**
 * A query parameter given empty (`?author=`) is not given: clients that build their query string from
 * every filter key send the unused ones empty, and mean no filter.
 */
export const EmptyQueryIsAbsent = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value));

/** A query filter: OptionalText, empty meaning absent. */
export function QueryText(max: number): PropertyDecorator {
  return applyDecorators(EmptyQueryIsAbsent(), OptionalText(max));
}
