/**
 * Every call the site makes to Folio's API, in one object so a renamed field is a one-line change; the
 * administration calls are written in admin-client.ts. Errors come back as http.ts's ApiError carrying
 * the API's `{"errors": {"field": ["message"]}}` body.
 */
import type {
  Article,
  ArticleChanges,
  ArticleMailing,
  ArticleInput,
  ArticleList,
  ArticleQuery,
  Preview,
  Revision,
  RevisionWithBody,
  Category,
  CategoryChanges,
  CategoryInput,
  Comment,
  FeedQuery,
  Media,
  MediaList,
  SettingsInput,
  StaticPage,
  StaticPageChanges,
  StaticPageInput,
  StaticPageSummary,
  Subscription,
} from './types';
import { adminApi } from './admin-client';
import { request, segment, type Schemas } from './http';

// Each body is checked against the document's request schema (`satisfies`), each answer typed by its
// response schema.
export const api = {
  // Accounts (RealWorld)
  login: (email: string, password: string) =>
    request<Schemas['UserResponse']>('POST', '/users/login', {
      user: { email, password },
    } satisfies Schemas['LoginUserDto']).then((r) => r.user),
  register: (username: string, email: string, password: string) =>
    request<Schemas['UserResponse']>('POST', '/users', {
      user: { username, email, password },
    } satisfies Schemas['RegisterUserDto']).then((r) => r.user),
  currentUser: () => request<Schemas['UserResponse']>('GET', '/user').then((r) => r.user),
  updateUser: (user: SettingsInput) =>
    request<Schemas['UserResponse']>('PUT', '/user', {
      user,
    } satisfies Schemas['UpdateUserDto']).then((r) => r.user),

  // Folio's auth additions
  logout: () => request<void>('POST', '/auth/logout'),
  logoutAll: () => request<void>('POST', '/auth/logout-all'),
  requestVerification: (email: string) =>
    request<void>('POST', '/auth/verify/request', { email } satisfies Schemas['AccountEmailDto']),
  verifyEmail: (token: string) =>
    request<void>('POST', '/auth/verify', { token } satisfies Schemas['OneTimeTokenDto']),
  forgotPassword: (email: string) =>
    request<void>('POST', '/auth/forgot-password', { email } satisfies Schemas['AccountEmailDto']),
  resetPassword: (token: string, password: string) =>
    request<void>('POST', '/auth/reset-password', {
      token,
      password,
    } satisfies Schemas['ResetPasswordDto']),

  // Identity providers
  providers: () =>
    request<Schemas['ProvidersResponse']>('GET', '/auth/providers').then((r) => r.providers),
  exchangeProviderCode: (code: string) =>
    request<Schemas['UserResponse']>('POST', '/auth/providers/exchange', {
      code,
    } satisfies Schemas['ExchangeCodeDto']).then((r) => r.user),
  identities: () => request<Schemas['LinkedIdentitiesResponse']>('GET', '/user/identities'),
  linkIdentity: (name: string, returnTo: string) =>
    request<Schemas['AuthorizationUrlResponse']>(
      'POST',
      `/user/identities/${segment(name)}`,
      undefined,
      { returnTo },
    ).then((r) => r.url),
  unlinkIdentity: (name: string) => request<void>('DELETE', `/user/identities/${segment(name)}`),

  // Profiles
  profile: (username: string) =>
    request<Schemas['ProfileResponseDto']>('GET', `/profiles/${segment(username)}`).then(
      (r) => r.profile,
    ),
  follow: (username: string) =>
    request<Schemas['ProfileResponseDto']>('POST', `/profiles/${segment(username)}/follow`).then(
      (r) => r.profile,
    ),
  unfollow: (username: string) =>
    request<Schemas['ProfileResponseDto']>('DELETE', `/profiles/${segment(username)}/follow`).then(
      (r) => r.profile,
    ),

  // Articles
  articles: (query: ArticleQuery) =>
    request<ArticleList>('GET', '/articles', undefined, { ...query }),
  feed: (query: FeedQuery) =>
    request<ArticleList>('GET', '/articles/feed', undefined, { ...query }),
  article: (slug: string) =>
    request<Schemas['SingleArticleResponseDto']>('GET', `/articles/${segment(slug)}`).then(
      (r) => r.article,
    ),
  createArticle: (article: ArticleInput) =>
    request<Schemas['SingleArticleResponseDto']>('POST', '/articles', {
      article,
    } satisfies Schemas['CreateArticleDto']).then((r) => r.article),
  updateArticle: (slug: string, article: ArticleChanges) =>
    request<Schemas['SingleArticleResponseDto']>('PUT', `/articles/${segment(slug)}`, {
      article,
    } satisfies Schemas['UpdateArticleDto']).then((r) => r.article),
  deleteArticle: (slug: string) => request<void>('DELETE', `/articles/${segment(slug)}`),
  // Preview links: the current one (null while not shared), a new one, none.
  preview: (slug: string): Promise<Preview | null> =>
    request<Schemas['CurrentPreviewResponseDto']>('GET', `/articles/${segment(slug)}/preview`).then(
      (r) => r.preview,
    ),
  sharePreview: (slug: string): Promise<Preview> =>
    request<Schemas['PreviewResponseDto']>('POST', `/articles/${segment(slug)}/preview`).then(
      (r) => r.preview,
    ),
  stopPreview: (slug: string) => request<void>('DELETE', `/articles/${segment(slug)}/preview`),
  /** The article a preview link shares (its key in the query: the server logs paths as they are). */
  previewedArticle: (key: string): Promise<Article> =>
    request<Schemas['SingleArticleResponseDto']>('GET', '/preview', undefined, { key }).then(
      (r) => r.article,
    ),
  // How the article's newsletter mailing went (those who may edit it).
  articleMailing: (slug: string): Promise<ArticleMailing> =>
    request<Schemas['ArticleMailingResponseDto']>(
      'GET',
      `/articles/${segment(slug)}/newsletter`,
    ).then((r) => r.mailing),
  // Revision history: the versions of an article's text, one of them with its body, a restore.
  revisions: (slug: string): Promise<Revision[]> =>
    request<Schemas['RevisionsResponseDto']>('GET', `/articles/${segment(slug)}/revisions`).then(
      (r) => r.revisions,
    ),
  revision: (slug: string, id: number): Promise<RevisionWithBody> =>
    request<Schemas['SingleRevisionResponseDto']>(
      'GET',
      `/articles/${segment(slug)}/revisions/${id}`,
    ).then((r) => r.revision),
  restoreRevision: (slug: string, id: number): Promise<Article> =>
    request<Schemas['SingleArticleResponseDto']>(
      'POST',
      `/articles/${segment(slug)}/revisions/${id}/restore`,
    ).then((r) => r.article),
  favorite: (slug: string): Promise<Article> =>
    request<Schemas['SingleArticleResponseDto']>(
      'POST',
      `/articles/${segment(slug)}/favorite`,
    ).then((r) => r.article),
  unfavorite: (slug: string): Promise<Article> =>
    request<Schemas['SingleArticleResponseDto']>(
      'DELETE',
      `/articles/${segment(slug)}/favorite`,
    ).then((r) => r.article),
  tags: () => request<Schemas['TagsResponseDto']>('GET', '/tags').then((r) => r.tags),
  site: () => request<Schemas['SiteResponseDto']>('GET', '/site').then((r) => r.site),

  // Comments
  comments: (slug: string): Promise<Comment[]> =>
    request<Schemas['MultipleCommentsResponseDto']>(
      'GET',
      `/articles/${segment(slug)}/comments`,
    ).then((r) => r.comments),
  addComment: (slug: string, body: string): Promise<Comment> =>
    request<Schemas['SingleCommentResponseDto']>('POST', `/articles/${segment(slug)}/comments`, {
      comment: { body },
    } satisfies Schemas['CreateCommentDto']).then((r) => r.comment),
  deleteComment: (slug: string, id: number) =>
    request<void>('DELETE', `/articles/${segment(slug)}/comments/${id}`),

  // Media: the signed-in user's uploads
  uploadMedia: (file: File): Promise<Media> => {
    const body = new FormData();
    body.append('file', file);
    return request<Schemas['SingleMediaResponseDto']>('POST', '/media', body).then((r) => r.media);
  },
  myMedia: (limit: number, offset: number) =>
    request<MediaList>('GET', '/media', undefined, { limit, offset }),
  deleteMedia: (id: string) => request<void>('DELETE', `/media/${segment(id)}`),

  // Categories
  categories: (): Promise<Category[]> =>
    request<Schemas['MultipleCategoriesResponseDto']>('GET', '/categories').then(
      (r) => r.categories,
    ),
  createCategory: (category: CategoryInput): Promise<Category> =>
    request<Schemas['SingleCategoryResponseDto']>('POST', '/categories', {
      category,
    } satisfies Schemas['CreateCategoryDto']).then((r) => r.category),
  updateCategory: (slug: string, category: CategoryChanges): Promise<Category> =>
    request<Schemas['SingleCategoryResponseDto']>('PUT', `/categories/${segment(slug)}`, {
      category,
    } satisfies Schemas['UpdateCategoryDto']).then((r) => r.category),
  deleteCategory: (slug: string) => request<void>('DELETE', `/categories/${segment(slug)}`),

  // Static pages (About, Contact): readers get the published ones, editors the drafts too.
  staticPages: (): Promise<StaticPageSummary[]> =>
    request<Schemas['MultipleStaticPagesResponseDto']>('GET', '/pages').then((r) => r.pages),
  staticPage: (slug: string): Promise<StaticPage> =>
    request<Schemas['SingleStaticPageResponseDto']>('GET', `/pages/${segment(slug)}`).then(
      (r) => r.page,
    ),
  createStaticPage: (page: StaticPageInput): Promise<StaticPage> =>
    request<Schemas['SingleStaticPageResponseDto']>('POST', '/pages', {
      page,
    } satisfies Schemas['CreateStaticPageDto']).then((r) => r.page),
  updateStaticPage: (slug: string, page: StaticPageChanges): Promise<StaticPage> =>
    request<Schemas['SingleStaticPageResponseDto']>('PUT', `/pages/${segment(slug)}`, {
      page,
    } satisfies Schemas['UpdateStaticPageDto']).then((r) => r.page),
  deleteStaticPage: (slug: string) => request<void>('DELETE', `/pages/${segment(slug)}`),

  // Newsletter: anyone subscribes (202, whether or not the address already is: nothing to learn from
  // it); the mailed links' tokens confirm, unsubscribe and subscribe again.
  subscribe: (email: string) =>
    request<void>('POST', '/newsletter/subscribe', { email } satisfies Schemas['SubscribeDto']),
  confirmSubscription: (token: string): Promise<Subscription> =>
    request<Schemas['SubscriptionResponseDto']>('POST', '/newsletter/confirm', {
      token,
    } satisfies Schemas['NewsletterTokenDto']).then((r) => r.subscription),
  unsubscribe: (token: string): Promise<Subscription> =>
    request<Schemas['SubscriptionResponseDto']>('POST', '/newsletter/unsubscribe', {
      token,
    } satisfies Schemas['NewsletterTokenDto']).then((r) => r.subscription),
  resubscribe: (token: string): Promise<Subscription> =>
    request<Schemas['SubscriptionResponseDto']>('POST', '/newsletter/resubscribe', {
      token,
    } satisfies Schemas['NewsletterTokenDto']).then((r) => r.subscription),

  // Administration: users, subscribers, webhooks, job queues
  ...adminApi,
};
