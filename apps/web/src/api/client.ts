/**
 * Every call the site makes to Folio's API, in one place so a renamed field is a one-line change.
 * Errors come back as ApiError carrying the API's `{"errors": {"field": ["message"]}}` body.
 */
import type {
  AdminUserList,
  AdminUserPatch,
  AdminUserQuery,
  Article,
  ArticleChanges,
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
  Delivery,
  DeliveryDetail,
  DeliveryList,
  DeliveryQuery,
  FailedJob,
  FailedJobQuery,
  FeedQuery,
  Media,
  MediaList,
  QueueDepth,
  SettingsInput,
  StaticPage,
  StaticPageChanges,
  StaticPageInput,
  StaticPageSummary,
  SubscriberList,
  SubscriberQuery,
  Subscription,
  Webhook,
  WebhookChanges,
  WebhookInput,
  WebhookWithSecret,
} from './types';
import type { components } from './schema';

type Schemas = components['schemas'];

export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldErrors,
  ) {
    super(
      Object.entries(errors)
        .map(([field, messages]) => `${field} ${messages.join(', ')}`)
        .join('; ') || `HTTP ${status}`,
    );
    this.name = 'ApiError';
  }
}

/** The API said the thing asked for does not exist: a page shows not-found, not "try again". */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

const TOKEN_KEY = 'folio.token';
let token: string | null = readStoredToken();

function readStoredToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function getToken(): string | null {
  return token;
}

/**
 * Another tab of the site signed in or out: this one sends the token that tab stored from now on, and
 * `listener` runs (the session reads its user again).
 */
export function followOtherTabs(listener: () => void): void {
  window.addEventListener('storage', (event) => {
    if (event.key !== TOKEN_KEY) return;
    token = event.newValue;
    listener();
  });
}

export function setToken(value: string | null): void {
  token = value;
  try {
    if (value) localStorage.setItem(TOKEN_KEY, value);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // Private browsing without storage: the session lasts until the tab closes.
  }
}

type Query = Record<string, string | number | boolean | undefined>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  // FormData (an upload) goes as it is: the browser writes its multipart Content-Type with the boundary.
  const form = body instanceof FormData;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined && !form) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Token ${token}`;
  let response: Response;
  try {
    response = await fetch(`/api${withQuery(path, query)}`, {
      method,
      headers,
      body: body === undefined ? null : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { network: ['is unreachable'] });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const errors =
      data && typeof data === 'object' && 'errors' in data
        ? normalizeErrors(data.errors)
        : { server: [response.statusText || 'error'] };
    // The token this site sent no longer works (signed out everywhere, a password reset, a deactivated
    // account): that is the reader's session ending, not a link being wrong.
    if (response.status === 401 && headers.Authorization && errors.token) {
      throw new ApiError(401, { session: ['ended'] });
    }
    throw new ApiError(response.status, errors);
  }
  return data as T;
}

function normalizeErrors(errors: unknown): FieldErrors {
  const result: FieldErrors = {};
  if (!errors || typeof errors !== 'object') return { server: ['error'] };
  for (const [field, messages] of Object.entries(errors as Record<string, unknown>)) {
    result[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
  }
  return result;
}

const segment = encodeURIComponent;

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

  // Administration (superusers)
  adminUsers: (query: AdminUserQuery) =>
    request<AdminUserList>('GET', '/admin/users', undefined, {
      ...query,
    }),
  adminUpdateUser: (id: number, user: AdminUserPatch) =>
    request<Schemas['AdminUserResponseDto']>('PATCH', `/admin/users/${id}`, {
      user,
    } satisfies Schemas['PatchUserDto']).then((r) => r.user),
  adminDeleteUser: (id: number) => request<void>('DELETE', `/admin/users/${id}`),
  adminInviteUser: (user: Schemas['NewInvitation']) =>
    request<Schemas['AdminUserResponseDto']>('POST', '/admin/users', {
      user,
    } satisfies Schemas['InviteUserDto']).then((r) => r.user),
  adminResendInvitation: (id: number) =>
    request<Schemas['AdminUserResponseDto']>('POST', `/admin/users/${id}/invitation`).then(
      (r) => r.user,
    ),
  adminSubscribers: (query: SubscriberQuery) =>
    request<SubscriberList>('GET', '/admin/subscribers', undefined, { ...query }),
  adminDeleteSubscriber: (id: number) => request<void>('DELETE', `/admin/subscribers/${id}`),

  // Webhooks (superusers)
  webhooks: (): Promise<Webhook[]> =>
    request<Schemas['WebhooksResponseDto']>('GET', '/admin/webhooks').then((r) => r.webhooks),
  createWebhook: (webhook: WebhookInput): Promise<WebhookWithSecret> =>
    request<Schemas['WebhookSecretResponseDto']>('POST', '/admin/webhooks', {
      webhook,
    } satisfies Schemas['CreateWebhookDto']).then((r) => r.webhook),
  updateWebhook: (id: number, webhook: WebhookChanges): Promise<Webhook> =>
    request<Schemas['WebhookResponseDto']>('PUT', `/admin/webhooks/${id}`, {
      webhook,
    } satisfies Schemas['UpdateWebhookDto']).then((r) => r.webhook),
  deleteWebhook: (id: number) => request<void>('DELETE', `/admin/webhooks/${id}`),
  rotateWebhookSecret: (id: number): Promise<WebhookWithSecret> =>
    request<Schemas['WebhookSecretResponseDto']>(
      'POST',
      `/admin/webhooks/${id}/rotate-secret`,
    ).then((r) => r.webhook),
  pingWebhook: (id: number): Promise<Delivery> =>
    request<Schemas['DeliveryResponseDto']>('POST', `/admin/webhooks/${id}/ping`).then(
      (r) => r.delivery,
    ),
  deliveries: (id: number, query: DeliveryQuery) =>
    request<DeliveryList>('GET', `/admin/webhooks/${id}/deliveries`, undefined, { ...query }),
  delivery: (id: number, deliveryId: number): Promise<DeliveryDetail> =>
    request<Schemas['DeliveryDetailResponseDto']>(
      'GET',
      `/admin/webhooks/${id}/deliveries/${deliveryId}`,
    ).then((r) => r.delivery),
  redeliver: (id: number, deliveryId: number): Promise<Delivery> =>
    request<Schemas['DeliveryResponseDto']>(
      'POST',
      `/admin/webhooks/${id}/deliveries/${deliveryId}/redeliver`,
    ).then((r) => r.delivery),

  // Job queues (superusers)
  jobQueues: (): Promise<QueueDepth[]> =>
    request<Schemas['QueuesResponseDto']>('GET', '/admin/jobs').then((r) => r.queues),
  failedJobs: (query: FailedJobQuery = {}): Promise<FailedJob[]> =>
    request<Schemas['FailedJobsResponseDto']>('GET', '/admin/jobs/failed', undefined, {
      ...query,
    }).then((r) => r.jobs),
  retryJob: (queue: string, id: string) =>
    request<void>('POST', `/admin/jobs/${segment(queue)}/${segment(id)}/retry`),
};
