import { slugFrom, suffixedSlug } from './slug';

describe('slugFrom', () => {
  it('transliterates Cyrillic titles into readable Latin', () => {
    expect(slugFrom('Привет, мир!')).toBe('privet-mir');
    expect(slugFrom('Їжак і ґава')).toBe('yizhak-i-gava');
  });

  it('lowercases and dashes Latin titles', () => {
    expect(slugFrom('Hello, World! 2024')).toBe('hello-world-2024');
  });

  it('falls back when nothing is transliterable', () => {
    expect(slugFrom('你好')).toBe('article');
    expect(slugFrom('   ', 'category')).toBe('category');
  });

  it('caps the length without a trailing dash', () => {
    const slug = slugFrom(`${'a'.repeat(199)} b`);
    expect(slug).toBe('a'.repeat(199));
  });
});

describe('suffixedSlug', () => {
  it('appends six base-36 characters', () => {
    expect(suffixedSlug('hello')).toMatch(/^hello-[0-9a-z]{6}$/);
  });

  it('gives different slugs on each call', () => {
    const slugs = new Set(Array.from({ length: 50 }, () => suffixedSlug('x')));
    expect(slugs.size).toBeGreaterThan(45);
  });
});
