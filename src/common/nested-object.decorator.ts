import { applyDecorators, Type as ClassType } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';

/** The messages of a missing and of a non-object value; class-validator's own when not given. */
export interface NestedObjectMessages {
  missing: string;
  invalid: string;
}

/** RealWorld's words, which the accounts routes answer with. */
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
  messages?: NestedObjectMessages,
): PropertyDecorator {
  return applyDecorators(
    Type(() => type),
    ValidateNested(),
    IsObject(messages && { message: messages.invalid }),
    IsDefined(messages && { message: messages.missing }),
    ApiProperty({ type }),
  );
}
