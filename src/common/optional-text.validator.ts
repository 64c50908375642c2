import { applyDecorators } from '@nestjs/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * A string of at most `max` characters, or nothing: absent and null skip the checks. Registered in
 * the order of `@IsOptional() @IsString() @MaxLength(max)` stacked (bottom-up), so the first failure
 * reported stays the same: the length first, then the type.
 */
export function OptionalText(max: number): PropertyDecorator {
  return applyDecorators(MaxLength(max), IsString(), IsOptional());
}
