import { entityTag, ifNoneMatch } from './entity-tag';

describe('entityTag', () => {
  it('is a strong tag of the bytes: the same text and its UTF-8 bytes agree, any change differs', () => {
    const body = '{"title":"Ünïcode"}';
    expect(entityTag(body)).toMatch(/^"[\w-]{27}"$/);
    expect(entityTag(Buffer.from(body))).toBe(entityTag(body));
    expect(entityTag('{"title":"Unicode"}')).not.toBe(entityTag(body));
  });
});

describe('ifNoneMatch', () => {
  const etag = '"abc"';

  it.each([
    ['"abc"', true],
    ['W/"abc"', true],
    ['"x", "abc"', true],
    ['W/"x",W/"abc"', true],
    ['*', true],
    ['  *  ', true],
    ['"x,y", "abc"', true],
    ['"x"', false],
    ['abc', false],
    ['"abcd"', false],
    ['"x,"abc"', false],
    ['"*"', false],
    ['', false],
  ])('If-None-Match %j against "abc": %s', (header, expected) => {
    expect(ifNoneMatch(header, etag)).toBe(expected);
  });

  it('compares a weak tag of its own weakly too, and never matches without the header', () => {
    expect(ifNoneMatch('"abc"', 'W/"abc"')).toBe(true);
    expect(ifNoneMatch(undefined, etag)).toBe(false);
  });
});
