import { applyDecorators } from '@nestjs/common';
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
