import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/** The messages of a missing and of a non-object value. */
export interface NestedObjectMessages {
  missing: string;
  invalid: string;
}

/** RealWorld's words, which every wrapped body answers with unless told otherwise. */
export const BLANK_OR_INVALID: NestedObjectMessages = {
  missing: "can't be blank",
  invalid: 'is invalid',
};

/**
 * The required object a RealWorld body wraps its fields in (`{"article": {...}}`), validated as
 * `type`. Registered bottom-up, as the same decorators stacked on the property would be.
 */
export function NestedObject(
  type: ClassType<object>,
  messages: NestedObjectMessages = BLANK_OR_INVALID,
): PropertyDecorator {
  return applyDecorators(
    Type(() => type),
    ValidateNested(),
    IsObject({ message: messages.invalid }),
    IsDefined({ message: messages.missing }),
    ApiProperty({ type }),
  );
}
