import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
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

/**
 * The field of the first string in `value` that holds a NUL character (`name` for a string itself, the
 * innermost key in an object), or undefined. PostgreSQL can store no NUL in text: its refusal would
 * name no field.
 */
export function fieldWithNul(value: unknown, name = 'value'): string | undefined {
  const stack: [unknown, string][] = [[value, name]];
  while (stack.length > 0) {
    const [current, field] = stack.pop() as [unknown, string];
    if (typeof current === 'string') {
      if (current.includes('\u0000')) return field;
    } else if (current !== null && typeof current === 'object') {
      // Reversed onto the stack: the first such field in the body's order is the one named.
      for (const [key, child] of Object.entries(current).reverse()) {
        stack.push([child, Array.isArray(current) ? field : key]);
      }
    }
  }
  return undefined;
}

/**
 * `value` with every string in it in Unicode's composed form (NFC), objects and arrays changed in place.
 * `Zoë` typed on one keyboard is `Zo` + `ë`, on another `Zoe` + a combining diaeresis: they look the
 * same, and must find the same tag, user or search. Only what names or finds something is composed
 * (a query, a path, an email, a tag): a body's text is kept as written, byte for byte.
 */
export function composed<T>(value: T): T {
  if (typeof value === 'string') return value.normalize('NFC') as T;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (current === null || typeof current !== 'object' || ArrayBuffer.isView(current)) continue;
    const record = current as Record<string, unknown>;
    for (const [key, child] of Object.entries(record)) {
      if (typeof child === 'string') {
        const normal = child.normalize('NFC');
        if (normal !== child) record[key] = normal;
      } else stack.push(child);
    }
  }
  return value;
}

/** Types a body parameter may be declared as that are no DTO class. */
const BUILT_IN = new Set<unknown>([String, Number, Boolean, Array, Object]);

/** A JSON value that is there but is no object: an array, a string, a number or a boolean. */
function isNotAnObject(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  return Array.isArray(value) || typeof value !== 'object';
}

/**
 * Nest's ValidationPipe, then what it let through (path parameters, and the fields of bodies and
 * queries that are allowed: an unknown field is "not allowed" first, an echoed one is dropped) checked
 * for NUL characters, path and query parameters in Unicode's composed form (NFC).
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // `[1, 2]` or `"text"` for a body that is an object: said once, not as fields named 0 and 1.
    const dto = metadata.metatype && !BUILT_IN.has(metadata.metatype);
    if (metadata.type === 'body' && dto && isNotAnObject(value)) {
      throw new ApiError(422, { body: 'must be a JSON object' });
    }
    let result: unknown = await super.transform(value, metadata);
    if (metadata.type !== 'custom') {
      if (metadata.type === 'query' || metadata.type === 'param') result = composed(result);
      const field = fieldWithNul(result, metadata.data);
      if (field !== undefined) {
        throw new ApiError(422, { [field]: 'must not contain a NUL character' });
      }
    }
    return result;
  }
}

export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    exceptionFactory: (errors) => new ApiError(422, collect(errors, {})),
  });
}
