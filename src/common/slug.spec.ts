import { chosenSlug, isSlugOf, slugFrom, suffixedSlug } from './slug';

describe('slugFrom', () => {
  it('transliterates Cyrillic titles into readable Latin', () => {
    expect(slugFrom('Привет, мир!')).toBe('privet-mir');
    expect(slugFrom('Їжак і ґава')).toBe('yizhak-i-gava');
  });

  it('lowercases and dashes Latin titles', () => {
    expect(slugFrom('Hello, World! 2024')).toBe('hello-world-2024');
  });

  it('separates words at symbols and underscores instead of spelling the symbols out', () => {
    expect(slugFrom('Why Vec<T> beats List<T>')).toBe('why-vec-t-beats-list-t');
    expect(slugFrom('Node 20 -> 22 upgrade')).toBe('node-20-22-upgrade');
    expect(slugFrom('100% uptime for $5')).toBe('100-uptime-for-5');
    expect(slugFrom('Rock & Roll | A love ♥ story')).toBe('rock-and-roll-a-love-story');
    expect(slugFrom('snake_case names')).toBe('snake-case-names');
  });

  it('transliterates the other scripts as Ghost does (Chinese, Japanese, Korean, Arabic, Thai...)', () => {
    expect(slugFrom('中文标题测试')).toBe('zhong-wen-biao-ti-ce-shi');
    expect(slugFrom('日本語のタイトル')).toBe('ri-ben-yu-notaitoru');
    expect(slugFrom('한국어 제목')).toBe('hangugeo-jemog');
    expect(slugFrom('مرحبا بالعالم')).toBe('mrhb-blaalm');
    expect(slugFrom('สวัสดี')).toBe('swasdii');
    expect(slugFrom('Temp 🐉 ünïcödé 日本語 title')).toBe('temp-unicode-ri-ben-yu-title');
  });

  it('falls back when nothing is transliterable', () => {
    expect(slugFrom('🐉🐉')).toBe('article');
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

describe('chosenSlug', () => {
  it('writes what an author typed as a slug, or gives nothing when nothing in it transliterates', () => {
    expect(chosenSlug('My First Post!')).toBe('my-first-post');
    expect(chosenSlug('already-a-slug')).toBe('already-a-slug');
    expect(chosenSlug('你好')).toBe('ni-hao');
    expect(chosenSlug('🐉 !!')).toBe('');
  });
});

describe('isSlugOf', () => {
  it('knows a base and its suffixed variants', () => {
    expect(isSlugOf('hello-world', 'hello-world')).toBe(true);
    expect(isSlugOf('hello-world-a1b2c3', 'hello-world')).toBe(true);
  });

  it('tells other slugs apart, suffix-like endings of other lengths included', () => {
    expect(isSlugOf('my-address', 'hello-world')).toBe(false);
    expect(isSlugOf('hello-world-2024', 'hello-world')).toBe(false);
    expect(isSlugOf('hello', 'hello-world')).toBe(false);
  });
});
