/**
 * The browser's title for each page, `<page> — <blog>` as the server's heads write it (the blog's
 * name alone on the home page). A page names itself with usePageTitle; one that does not gets the
 * blog's name, never the title of the page before it.
 */
import { computed, onBeforeUnmount, shallowRef, watchEffect } from 'vue';
import { siteTitle } from './site';

interface Claim {
  owner: object;
  name: string | null;
}

const claim = shallowRef<Claim | null>(null);

/** The page's own name, kept up to date as it changes (an article once loaded, another tag). */
export function usePageTitle(name: () => string | null | undefined): void {
  const owner = {};
  watchEffect(() => {
    claim.value = { owner, name: name() || null };
  });
  // A page mounted before this one unmounts keeps its own name.
  onBeforeUnmount(() => {
    if (claim.value?.owner === owner) claim.value = null;
  });
}

export const documentTitle = computed(() => {
  const name = claim.value?.name;
  return name ? `${name} — ${siteTitle.value}` : siteTitle.value;
});
