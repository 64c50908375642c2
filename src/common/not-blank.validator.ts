import { applyDecorators } from '@nestjs/common';
import {
  MaxLength,
  ValidateBy,
  ValidateIf,
  ValidationArguments,
  ValidationOptions,
} from 'class-validator';

/** Whitespace and the characters nothing draws (zero-width spaces and joiners, U+3164, a BOM…). */
const BLANK = /^[\s\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether `text` shows nothing: empty, whitespace, or characters no font draws. */
export function isBlank(text: string): boolean {
  return BLANK.test(text);
}

/**
 * A string with something in it that shows (not only whitespace or zero-width characters); RealWorld's
 * "can't be blank" otherwise. A value of another type (a number, true, an object) says so, as the user
 * fields do.
 */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && !isBlank(value),
        defaultMessage: ({ value }: ValidationArguments) =>
          value === undefined || value === null || typeof value === 'string'
            ? "can't be blank"
            : 'must be a string',
      },
    },
    options,
  );
}

/** Validates the property when it is present: unlike @IsOptional, an explicit null is still checked. */
export function IfPresent(): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined);
}

/** Text that is not blank and at most `max` characters; blank is reported first. */
export function NotBlankText(max: number): PropertyDecorator {
  return applyDecorators(IsNotBlank(), MaxLength(max));
}
