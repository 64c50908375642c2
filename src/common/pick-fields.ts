/**
 * A view of `source` with only the fields named: what an API answer shows of a row, whatever else the
 * row carries one day (a password hash, a secret). The field list is the view's contract.
 */
export function pickFields<T extends object, K extends keyof T>(
  source: T,
  fields: readonly K[],
): Pick<T, K> {
  const view = {} as Pick<T, K>;
  for (const field of fields) view[field] = source[field];
  return view;
}
