import { defineRouter } from '#q-app/wrappers';
import { nextTick } from 'vue';
import { createRouter, createWebHistory } from 'vue-router';
import { isEditor, session } from 'src/session';
import routes from './routes';

export default defineRouter(function () {
  const router = createRouter({
    scrollBehavior: (_to, _from, saved) => saved ?? { left: 0, top: 0 },
    routes,
    history: createWebHistory(process.env.VUE_ROUTER_BASE),
  });

  router.beforeEach((to) => {
    if (to.meta.requiresAuth && !session.user) {
      return { name: 'login', query: { redirect: to.fullPath } };
    }
    if (to.meta.requiresAdmin && !session.isSuperuser)
      return { name: 'not-found', params: { catchAll: [] } };
    if (to.meta.requiresEditor && !isEditor.value)
      return { name: 'not-found', params: { catchAll: [] } };
    if (to.meta.guestOnly && session.user) return { name: 'home' };
    return true;
  });

  // Another page: its content takes focus, where a page load would put a screen reader and the next Tab,
  // not on the link just followed. A new query on the same page (a search, a tab, a page of the list)
  // leaves focus where the reader is.
  router.afterEach((to, from, failure) => {
    if (failure || from.matched.length === 0 || to.path === from.path) return;
    void nextTick(() => document.getElementById('main')?.focus({ preventScroll: true }));
  });

  return router;
});
