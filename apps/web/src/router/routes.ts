import type { RouteComponent, RouteMeta, RouteRecordRaw } from 'vue-router';
import { paths, type RouteName } from './paths';

declare module 'vue-router' {
  interface RouteMeta {
    requiresAuth?: boolean;
    requiresAdmin?: boolean;
    requiresEditor?: boolean;
    guestOnly?: boolean;
  }
}

type Lazy = () => Promise<RouteComponent | { default: RouteComponent }>;

/** A route whose address comes from `paths`, so the server's list and the router cannot differ. */
function page(name: RouteName, component: Lazy, meta: RouteMeta = {}): RouteRecordRaw {
  return { path: paths[name], name, component, meta };
}

const guest = { guestOnly: true };
const signedIn = { requiresAuth: true };
const admin = { requiresAuth: true, requiresAdmin: true };
/** Pages editors use too: categories, the static pages and moderation. */
const editorial = { requiresAuth: true, requiresEditor: true };

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('layouts/MainLayout.vue'),
    children: [
      page('home', () => import('pages/HomePage.vue')),
      page('article', () => import('pages/ArticlePage.vue')),
      page('profile', () => import('pages/ProfilePage.vue')),
      page('profile-favorites', () => import('pages/ProfilePage.vue')),
      // A tag's and a category's own address (shared links, feeds, the server's heads): the home list.
      page('tag', () => import('pages/HomePage.vue')),
      page('category', () => import('pages/HomePage.vue')),
      page('page', () => import('pages/StaticPagePage.vue')),
      page('login', () => import('pages/LoginPage.vue'), guest),
      page('register', () => import('pages/RegisterPage.vue'), guest),
      page('verify', () => import('pages/VerifyPage.vue')),
      // The auth module's mails link here; /verify stays as the documented route.
      {
        path: paths['verify-email'],
        name: 'verify-email',
        redirect: (to) => ({ name: 'verify', query: to.query }),
      },
      page('forgot-password', () => import('pages/ForgotPasswordPage.vue')),
      page('reset-password', () => import('pages/ResetPasswordPage.vue')),
      page('auth-callback', () => import('pages/AuthCallbackPage.vue')),
      page('settings', () => import('pages/SettingsPage.vue'), signedIn),
      page('editor', () => import('pages/EditorPage.vue'), signedIn),
      page('editor-edit', () => import('pages/EditorPage.vue'), signedIn),
      page('drafts', () => import('pages/DraftsPage.vue'), signedIn),
      page('preview', () => import('pages/PreviewPage.vue')),
      page('newsletter-confirm', () => import('pages/NewsletterConfirmPage.vue')),
      page('newsletter-unsubscribe', () => import('pages/NewsletterUnsubscribePage.vue')),
      page('admin-users', () => import('pages/admin/AdminUsersPage.vue'), admin),
      page('admin-subscribers', () => import('pages/admin/AdminSubscribersPage.vue'), admin),
      page('admin-categories', () => import('pages/admin/AdminCategoriesPage.vue'), editorial),
      page('admin-pages', () => import('pages/admin/AdminPagesPage.vue'), editorial),
      page('admin-page-new', () => import('pages/admin/AdminPageEditorPage.vue'), editorial),
      page('admin-page-edit', () => import('pages/admin/AdminPageEditorPage.vue'), editorial),
      page('admin-moderation', () => import('pages/admin/AdminModerationPage.vue'), editorial),
      page('admin-webhooks', () => import('pages/admin/AdminWebhooksPage.vue'), admin),
      page('admin-jobs', () => import('pages/admin/AdminJobsPage.vue'), admin),
      page('admin-export', () => import('pages/admin/AdminExportPage.vue'), admin),
      // Not in `paths`: the server answers every other address with a 404 and this page.
      {
        path: '/:catchAll(.*)*',
        name: 'not-found',
        component: () => import('pages/NotFoundPage.vue'),
      },
    ],
  },
];

export default routes;
