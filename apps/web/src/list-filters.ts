/** What a ListFilters field holds: typed text, or the value of the option chosen (null: any). */
export type FilterValue = string | boolean | null;

/** One field of a ListFilters, named as its key in the page's filters (and as the input's name). */
export interface FilterField<F> {
  name: keyof F & string;
  label: string;
  /** Its width in the form's row: Quasar's column classes (`col-12 col-sm-8`). */
  class: string;
  /** A choice among these (a select); without them, a text field. */
  options?: { label: string; value: FilterValue }[];
  /** A text field for a search (`type="search"`, which browsers and screen readers treat as one). */
  search?: boolean;
  /** The select's data-test. */
  test?: string;
}

/**
 * A search box and a choice of status beside it, as the articles to moderate and the subscribers have
 * them: two thirds and a third of the row, one above the other on a phone. The filters hold them as
 * `q` and `status`.
 */
export function searchAndStatus<F extends { q: string; status: FilterValue }>(
  searchLabel: string,
  status: Omit<FilterField<F>, 'name' | 'class'>,
): FilterField<F>[] {
  return [
    { name: 'q', label: searchLabel, class: 'col-12 col-sm-8', search: true },
    { name: 'status', class: 'col-12 col-sm-4', ...status },
  ];
}
