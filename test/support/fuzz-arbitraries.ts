import fc from 'fast-check';

/** Strings that break naive code: SQL and HTML metacharacters, NUL, Unicode edge cases, paths. */
const HOSTILE = [
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '"',
  '\\',
  '%',
  '_',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '\u0000',
  'a\u0000b',
  '\uFEFF',
  '\u202E',
  '\uD800',
  '😀'.repeat(3),
  'ǅ',
  'İ',
  '../../etc/passwd',
  '%00',
  '%2e%2e%2f',
  '${7*7}',
  '{{7*7}}',
  'null',
  'undefined',
  '__proto__',
  'constructor',
  ' ',
  '',
];

export const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: 1, max: 300_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value, with hostile strings and odd numbers inside. */
export const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -0, Number.MAX_SAFE_INTEGER + 2, 2 ** 31),
  fc.array(hostileString, { maxLength: 5 }),
  fc.jsonValue({ maxDepth: 4 }),
  fc.dictionary(
    fc.constantFrom('__proto__', 'constructor', 'x', 'toString'),
    fc.jsonValue({ maxDepth: 2 }),
  ),
);

/** An object shaped like the route's DTO, each field kept, dropped, or replaced by anything. */
export function shapedBody(wrapper: string, fields: Record<string, fc.Arbitrary<unknown>>) {
  const entries = Object.entries(fields).map(([name, good]) =>
    fc.oneof(
      { weight: 3, arbitrary: good.map((value) => [name, value] as const) },
      { weight: 1, arbitrary: anyValue.map((value) => [name, value] as const) },
      { weight: 1, arbitrary: fc.constant(undefined) },
    ),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.option(fc.tuple(hostileString, anyValue), { freq: 4 }))
    .map(([pairs, extra]) => {
      const inner: Record<string, unknown> = {};
      for (const pair of pairs) if (pair) inner[pair[0]] = pair[1];
      if (extra) inner[extra[0]] = extra[1];
      return { [wrapper]: inner };
    });
}

/** A raw body string: JSON of the above, random JSON, deep nesting, or not JSON at all. */
export function rawBody(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: shaped.map((value) => JSON.stringify(value)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((value) => JSON.stringify(value)) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.integer({ min: 100, max: 200_000 }), fc.constantFrom('[', '{"a":'))
        .map(([depth, open]) =>
          open === '['
            ? '['.repeat(depth) + ']'.repeat(depth)
            : '{"article":' + '{"a":'.repeat(depth) + '1' + '}'.repeat(depth + 1),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        'null',
        '"x"',
        '[]',
        '{"a":1,}',
        'NaN',
        '\u0000',
        '{"a":"\\ud800"}',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}

/** Percent-encodes anything, lone surrogates included (as U+FFFD); raw bad escapes come separately. */
function encode(value: string): string {
  return encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));
}

/** Escapes that are not valid UTF-8 or not escapes at all. */
const BAD_ESCAPES = ['%', '%E0%A4%A', '%FF%FE', '%ED%A0%80', '%C0%AF', '%00', '%%'];

export const pathSegment = fc.oneof(
  { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,20}$/) },
  { weight: 2, arbitrary: hostileString.map((s) => encode(s.slice(0, 2000))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '0',
      '-1',
      '99999999999999999999',
      '1e3',
      '0x10',
      '..',
      '%2F',
      ...BAD_ESCAPES,
    ),
  },
  { weight: 1, arbitrary: fc.integer().map(String) },
);

export const queryString = fc
  .array(
    fc.tuple(
      fc.constantFrom(
        'tag',
        'author',
        'favorited',
        'category',
        'status',
        'limit',
        'offset',
        'q',
        'email',
        'username',
        'active',
        'verified',
        'x',
        'limit[]',
      ),
      fc.oneof(
        hostileString.map((s) => s.slice(0, 500)),
        fc.integer().map(String),
        fc.constantFrom('draft', 'published', 'true', '-5', '1e9', ...BAD_ESCAPES),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) =>
    pairs.length
      ? `?${pairs.map(([k, v]) => `${k}=${v.startsWith('%') ? v : encode(v)}`).join('&')}`
      : '',
  );
