import { computed, shallowRef, type ComputedRef } from 'vue';
import { api } from 'src/api/client';
import type { StaticPageSummary } from 'src/api/types';

/**
 * The pages in the site's menu (About, Contact): read from the API once, by the first header that
 * shows them, and again after an editor saves or deletes a page, so the menu follows without a
 * reload. The API lists the pages with a place first, in the menu's order; an editor's list has the
 * drafts too, which the menu leaves out. None, or the API out of reach: no links.
 */
const pages = shallowRef<StaticPageSummary[]>([]);
let loading: Promise<void> | undefined;
/** The latest read: an earlier answer that arrives after it is out of date. */
let latest = 0;

function load(): Promise<void> {
  if (loading) return loading;
  const call = ++latest;
  loading = api.staticPages().then(
    (list) => {
      if (call === latest) pages.value = list;
    },
    () => {
      // The menu stays as it was; the next header or save tries again.
      if (call === latest) loading = undefined;
    },
  );
  return loading;
}

const menuPages = computed(() =>
  pages.value.filter((page) => page.status === 'published' && page.menuPosition !== null),
);

export function useMenuPages(): ComputedRef<StaticPageSummary[]> {
  void load();
  return menuPages;
}

/** After a page is created, changed or deleted. */
export function reloadMenuPages(): void {
  loading = undefined;
  void load();
}
