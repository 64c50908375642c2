const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** A numeric character reference's character (`&#60;`, `&#x3C;`); one naming no character stays as written. */
function numbered(reference: string, digits: string, radix: number): string {
  const code = Number.parseInt(digits, radix);
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)
    ? String.fromCodePoint(code)
    : reference;
}

/**
 * HTML (a rendered body, Ghost's caption) as one line of plain text: tags dropped (an inline one sits
 * inside a word), the entities a renderer or an editor writes decoded (the named ones of markup and
 * every numeric one), runs of white space one space.
 */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(
      /&(?:(amp|lt|gt|quot|apos|nbsp)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g,
      (reference, name?: string, decimal?: string, hex?: string) =>
        name
          ? ENTITIES[name]
          : decimal
            ? numbered(reference, decimal, 10)
            : numbered(reference, hex ?? '', 16),
    )
    .replace(/\s+/g, ' ')
    .trim();
}
