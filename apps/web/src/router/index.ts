import { defineRouter } from '#q-app/wrappers';
import { nextTick } from 'vue';
import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteLocationRaw,
  type Router,
} from 'vue-router';
import { isEditor, session } from 'src/session';
import routes from './routes';

/** Set while a page changes its own address (replaceQuietly): focus and scroll stay where they are. */
let quiet = false;

/**
 * Replaces the address of the page the reader is on without moving them: the editor once its autosave
 * has given the article an address (the author is typing; focus and scroll must not jump).
 */
export async function replaceQuietly(router: Router, to: RouteLocationRaw): Promise<void> {
  quiet = true;
  try {
    await router.replace(to);
  } finally {
    quiet = false;
  }
}

/** The not-found page at the address asked for: a reload or a shared link finds the same page. */
function notFoundAt(to: RouteLocationNormalized): RouteLocationRaw {
  return {
    name: 'not-found',
    params: { catchAll: to.path.split('/').filter(Boolean) },
    query: to.query,
    hash: to.hash,
  };
}

export default defineRouter(function () {
  const router = createRouter({
    // Back and Forward return to where the reader was; a link with #id (a heading, a footnote) to its
    // target (the article page scrolls to it again once loaded); any other page starts at the top.
    scrollBehavior: (to, _from, saved) =>
      quiet ? false : (saved ?? (to.hash ? { el: to.hash } : { left: 0, top: 0 })),
    routes,
    history: createWebHistory(process.env.VUE_ROUTER_BASE),
  });

  router.beforeEach((to) => {
    if (to.meta.requiresAuth && !session.user) {
      return { name: 'login', query: { redirect: to.fullPath } };
    }
    if (to.meta.requiresAdmin && !session.isSuperuser) return notFoundAt(to);
    if (to.meta.requiresEditor && !isEditor.value) return notFoundAt(to);
    if (to.meta.guestOnly && session.user) return { name: 'home' };
    return true;
  });

  // Another page: its content takes focus, where a page load would put a screen reader and the next Tab,
  // not on the link just followed. A new query on the same page (a search, a tab, a page of the list)
  // leaves focus where the reader is.
  router.afterEach((to, from, failure) => {
    if (quiet || failure || from.matched.length === 0 || to.path === from.path) return;
    void nextTick(() => document.getElementById('main')?.focus({ preventScroll: true }));
  });

  return router;
});
