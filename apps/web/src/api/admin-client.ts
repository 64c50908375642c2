/**
 * The API's administration calls (administrators and superusers): users, subscribers, webhooks, job
 * queues, the content export. The site reaches them through `api` in client.ts, with every other
 * call; as there, each body is checked against the document's request schema (`satisfies`).
 */
import type {
  AdminUserList,
  AdminUserPatch,
  AdminUserQuery,
  Delivery,
  DeliveryDetail,
  DeliveryList,
  DeliveryQuery,
  FailedJob,
  FailedJobQuery,
  QueueDepth,
  SubscriberList,
  SubscriberQuery,
  Webhook,
  WebhookChanges,
  WebhookInput,
  WebhookWithSecret,
} from './types';
import { download, request, segment, type Schemas } from './http';

export const adminApi = {
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
  /** Every subscriber as CSV, oldest first: what `npm run cli -- import-subscribers` reads back. */
  adminExportSubscribers: () => download('/admin/subscribers/export', 'subscribers.csv'),
  /**
   * The blog's articles, pages, tags, categories and writers as a Ghost export (JSON): what Ghost's
   * Labs → Import and `npm run cli -- import-ghost` read.
   */
  adminExportContent: () => download('/admin/export', 'folio.ghost.json'),

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
