import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from './api-exception.filter';

/** `{ user: { email: [...] } }` errors are reported by their leaf field, as RealWorld clients expect. */
function collect(
  errors: ValidationError[],
  into: Record<string, string[]>,
): Record<string, string[]> {
  for (const error of errors) {
    const messages = Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation' ? 'is not allowed' : message,
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
