import { ref, watch, type Ref } from 'vue';
import type { QTableProps } from 'quasar';
import { useLoader, type LoadStatus } from './use-loader';

/** The slice of a list the API pages by offset (what an admin list's query takes besides its filters). */
export interface OffsetPage {
  offset: number;
  limit: number;
}

/** Which page of the list the table shows, how many rows a page, and how many in all. */
export interface TablePagination {
  page: number;
  rowsPerPage: number;
  rowsNumber: number;
}

/** What PagedTable reads and calls of a useTablePages. */
export interface TablePager extends LoadStatus {
  pagination: Ref<TablePagination>;
  onRequest: QTableProps['onRequest'];
}

/**
 * A useLoader over a list a q-table shows a page at a time, the API paging it by offset: `fetchPage`
 * loads the slice it is given (with the page's filters), `total` reads the count of the whole list from
 * the answer, which the table's pagination shows. PagedTable shows it (`pagination` is its table's
 * `v-model:pagination`, `onRequest` its `@request`); `reload()` is for a changed filter, from its first
 * page.
 */
export function useTablePages<T>(
  fetchPage: (page: OffsetPage) => Promise<T>,
  initial: T,
  total: (data: T) => number,
) {
  const pagination = ref<TablePagination>({ page: 1, rowsPerPage: 20, rowsNumber: 0 });
  const loader = useLoader<T>(() => {
    const { page, rowsPerPage } = pagination.value;
    return fetchPage({ offset: (page - 1) * rowsPerPage, limit: rowsPerPage });
  }, initial);
  watch(
    () => total(loader.data.value),
    (count) => (pagination.value.rowsNumber = count),
  );

  /** Another filter: from its first page. */
  function reload(): void {
    pagination.value.page = 1;
    void loader.load();
  }

  const onRequest: QTableProps['onRequest'] = (request) => {
    pagination.value.page = request.pagination.page ?? 1;
    pagination.value.rowsPerPage = request.pagination.rowsPerPage ?? 20;
    void loader.load();
  };

  return { ...loader, pagination, reload, onRequest };
}
