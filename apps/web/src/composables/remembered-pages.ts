/**
 * Where a reader was in a list, kept in the browser history entry of the page that shows it
 * (`history.state`, beside the router's own keys): Back from an article, or a reload, brings them to
 * the page they left rather than the first. Cursors age out with the entry; a new visit starts over.
 */
const KEY = 'folioListPages';

type Kept = Record<string, (string | null)[]>;

function kept(): Kept {
  const state = history.state as Record<string, unknown> | null;
  const value = state?.[KEY];
  return value && typeof value === 'object' ? (value as Kept) : {};
}

/** The cursors that opened the pages of `list` up to the one the reader left, if this entry has them. */
export function rememberedPages(list: string): (string | undefined)[] | undefined {
  const stack = kept()[list];
  if (!Array.isArray(stack) || stack.length < 2) return undefined;
  return stack.map((cursor) => (typeof cursor === 'string' ? cursor : undefined));
}

/** Keeps the cursors of the pages of `list` seen so far in this history entry. */
export function rememberPages(list: string, stack: readonly (string | undefined)[]): void {
  const state = (history.state as Record<string, unknown> | null) ?? {};
  const lists = { ...kept(), [list]: stack.map((cursor) => cursor ?? null) };
  history.replaceState({ ...state, [KEY]: lists }, '');
}
