import { defineRouter } from '#q-app/wrappers';
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

  return router;
});
