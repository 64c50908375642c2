import { reactive } from 'vue';
import { api } from 'src/api/client';

/**
 * Category names by slug, for chips that get only an article's slug: read from the API once, on the
 * first chip shown, and again after an administrator changes the categories. A slug not (yet) known
 * shows as itself.
 */
const names = reactive(new Map<string, string>());
let loading: Promise<void> | undefined;

function load(): Promise<void> {
  loading ??= api
    .categories()
    .then((categories) => {
      names.clear();
      for (const category of categories) names.set(category.slug, category.name);
    })
    .catch(() => {
      // Shown as slugs; the next chip tries again.
      loading = undefined;
    });
  return loading;
}

export function useCategoryName(): (slug: string) => string {
  void load();
  return (slug) => names.get(slug) ?? slug;
}

/** After a category is created, renamed or deleted. */
export function reloadCategoryNames(): void {
  loading = undefined;
  void load();
}
