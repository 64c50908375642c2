/**
 * Every address the site answers, by route name. The router builds its routes from this list, and
 * the build writes it to routes.json so Folio's server answers any other address with a 404.
 * Only static segments and `:param` segments (one path segment each): the server matches them too.
 */
export const paths = {
  home: '/',
  article: '/article/:slug',
  profile: '/profile/:username',
  'profile-favorites': '/profile/:username/favorites',
  // The server renders these for crawlers (heads, feeds); the app shows the home page's list.
  tag: '/tag/:tag',
  category: '/category/:slug',
  // A page that is not an article (About, Contact); the server renders it for crawlers too.
  page: '/page/:slug',
  login: '/login',
  register: '/register',
  verify: '/verify',
  'verify-email': '/verify-email',
  'forgot-password': '/forgot-password',
  'reset-password': '/reset-password',
  // Where an identity provider's sign-in lands: trades the one-time code for a session.
  'auth-callback': '/auth/callback',
  settings: '/settings',
  editor: '/editor',
  'editor-edit': '/editor/:slug',
  drafts: '/drafts',
  // An article shared before it is published: its key is in the query (`?key=`), never in the path.
  preview: '/preview',
  // The newsletter's mailed links: each token is in the query (`?token=`), as the account mails' are.
  'newsletter-confirm': '/newsletter/confirm',
  'newsletter-unsubscribe': '/newsletter/unsubscribe',
  'admin-users': '/admin/users',
  'admin-subscribers': '/admin/subscribers',
  'admin-categories': '/admin/categories',
  'admin-pages': '/admin/pages',
  // A page's editor ends in `/edit`, a segment longer than a new page's: a page whose address is
  // `new` is edited at /admin/pages/new/edit, not hidden behind the new page's editor.
  'admin-page-new': '/admin/pages/new',
  'admin-page-edit': '/admin/pages/:slug/edit',
  'admin-moderation': '/admin/moderation',
  'admin-webhooks': '/admin/webhooks',
  'admin-jobs': '/admin/jobs',
  'admin-export': '/admin/export',
} as const;

export type RouteName = keyof typeof paths;
