import { applyDecorators } from '@nestjs/common';
import { MaxLength, ValidateBy, ValidateIf, ValidationOptions } from 'class-validator';

/** A string with something in it besides whitespace; RealWorld's "can't be blank" otherwise. */
export function IsNotBlank(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isNotBlank',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && value.trim().length > 0,
        defaultMessage: () => "can't be blank",
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
