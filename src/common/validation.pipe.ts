import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-exception.filter';

/** class-validator's own words, after the field's name is taken off, and the API's words for them. */
const API_WORDS: [RegExp, string][] = [
  [/^must be shorter than or equal to (\d+) characters$/, 'is too long (maximum is $1 characters)'],
  [/^must be longer than or equal to (\d+) characters$/, 'is too short (minimum is $1 characters)'],
  [
    /^each value in \S+ must be shorter than or equal to (\d+) characters$/,
    'has an item that is too long (maximum is $1 characters)',
  ],
  [/^must contain no more than (\d+) elements$/, 'has too many items (maximum is $1)'],
  [/^must be one of the following values: (.*)$/, 'must be one of: $1'],
];

/**
 * A message as RealWorld clients show it, after the field's name ("title is too long"): class-validator's
 * defaults begin with the property's name ("title must be shorter than..."), which the client would
 * print twice.
 */
export function inApiWords(property: string, message: string): string {
  const bare = message.startsWith(`${property} `) ? message.slice(property.length + 1) : message;
  for (const [pattern, words] of API_WORDS) {
    if (pattern.test(bare)) return bare.replace(pattern, words);
  }
  return bare;
}

/** `{ user: { email: [...] } }` errors are reported by their leaf field, as RealWorld clients expect. */
function collect(
  errors: ValidationError[],
  into: Record<string, string[]>,
): Record<string, string[]> {
  for (const error of errors) {
    const messages = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? 'is not allowed' : inApiWords(error.property, message),
    );
    if (messages.length > 0) (into[error.property] ??= []).push(...messages);
    if (error.children?.length) collect(error.children, into);
  }
  return into;
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ApiError(422, collect(errors, {})),
  });
}
