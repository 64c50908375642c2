import type { RouteRecordRaw } from 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    requiresAuth?: boolean;
    requiresAdmin?: boolean;
    guestOnly?: boolean;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    component: () => import('layouts/MainLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('pages/HomePage.vue') },
      { path: 'article/:slug', name: 'article', component: () => import('pages/ArticlePage.vue') },
      { path: 'profile/:username', name: 'profile', component: () => import('pages/ProfilePage.vue') },
      {
        path: 'profile/:username/favorites',
        name: 'profile-favorites',
        component: () => import('pages/ProfilePage.vue'),
      },
      {
        path: 'login',
        name: 'login',
        component: () => import('pages/LoginPage.vue'),
        meta: { guestOnly: true },
      },
      {
        path: 'register',
        name: 'register',
        component: () => import('pages/RegisterPage.vue'),
        meta: { guestOnly: true },
      },
      { path: 'verify', name: 'verify', component: () => import('pages/VerifyPage.vue') },
      // The auth module's mails link here; /verify stays as the documented route.
      { path: 'verify-email', redirect: (to) => ({ name: 'verify', query: to.query }) },
      {
        path: 'forgot-password',
        name: 'forgot-password',
        component: () => import('pages/ForgotPasswordPage.vue'),
      },
      {
        path: 'reset-password',
        name: 'reset-password',
        component: () => import('pages/ResetPasswordPage.vue'),
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('pages/SettingsPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'editor',
        name: 'editor',
        component: () => import('pages/EditorPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'editor/:slug',
        name: 'editor-edit',
        component: () => import('pages/EditorPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'drafts',
        name: 'drafts',
        component: () => import('pages/DraftsPage.vue'),
        meta: { requiresAuth: true },
      },
      {
        path: 'admin/users',
        name: 'admin-users',
        component: () => import('pages/admin/AdminUsersPage.vue'),
        meta: { requiresAuth: true, requiresAdmin: true },
      },
      {
        path: 'admin/categories',
        name: 'admin-categories',
        component: () => import('pages/admin/AdminCategoriesPage.vue'),
        meta: { requiresAuth: true, requiresAdmin: true },
      },
      {
        path: 'admin/moderation',
        name: 'admin-moderation',
        component: () => import('pages/admin/AdminModerationPage.vue'),
        meta: { requiresAuth: true, requiresAdmin: true },
      },
      { path: ':catchAll(.*)*', name: 'not-found', component: () => import('pages/NotFoundPage.vue') },
    ],
  },
];

export default routes;
