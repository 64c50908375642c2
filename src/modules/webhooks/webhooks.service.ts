import { Inject, Injectable } from '@nestjs/common';
import { RecordNotFoundError } from '../../../libs/database/database-errors';
import { Page } from '../../../libs/database/base.repository';
import { ApiError } from '../../common/api-exception.filter';
import { pickFields } from '../../common/pick-fields';
import {
  DeliveryDetailView,
  DeliveryView,
  NewWebhookDto,
  WebhookChangesDto,
  WebhookSecretView,
  WebhookView,
} from './dto/webhook.dto';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveriesService } from './webhook-deliveries.service';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { newWebhookSecret } from './webhook-signature';
import { endpointUrlProblem } from './webhook-target';
import { WEBHOOKS_CONFIG, WebhooksSettings } from './webhooks-config.provider';

const ENDPOINT_FIELDS = [
  'id',
  'url',
  'events',
  'description',
  'failingSince',
  'disabledReason',
  'previousSecretExpiresAt',
  'createdAt',
  'updatedAt',
] as const;

const DELIVERY_FIELDS = [
  'id',
  'messageId',
  'event',
  'status',
  'attempts',
  'responseStatus',
  'responseBody',
  'durationMs',
  'error',
  'createdAt',
  'lastAttemptAt',
  'deliveredAt',
] as const;

/** Never the secret. */
function present(endpoint: WebhookEndpoint): WebhookView {
  return { ...pickFields(endpoint, ENDPOINT_FIELDS), active: endpoint.isActive };
}

function presentDelivery(delivery: WebhookDelivery): DeliveryView {
  return pickFields(delivery, DELIVERY_FIELDS);
}

/** Webhook endpoints as administrators manage them: register, change, test, and read the delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly sending: WebhookDeliveriesService,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksSettings,
  ) {}

  async list(): Promise<WebhookView[]> {
    const endpoints = await this.endpoints.findAll({}, { limit: 1000 });
    return endpoints.map(present);
  }

  async get(id: number): Promise<WebhookView> {
    return present(await this.endpoints.getOne({ id }));
  }

  /** The only answer that holds the new secret. */
  async create(input: NewWebhookDto): Promise<WebhookSecretView> {
    this.checkUrl(input.url);
    const endpoint = await this.endpoints.create({
      url: input.url.trim(),
      events: [...new Set(input.events)],
      isActive: input.active ?? true,
      description: input.description ?? '',
      secret: newWebhookSecret(),
    });
    return { ...present(endpoint), secret: endpoint.secret };
  }

  async update(id: number, changes: WebhookChangesDto): Promise<WebhookView> {
    await this.endpoints.getOne({ id });
    if (changes.url !== undefined) this.checkUrl(changes.url);
    const active = changes.active;
    const updated = await this.endpoints.update(id, {
      ...(changes.url !== undefined && { url: changes.url.trim() }),
      ...(changes.events !== undefined && { events: [...new Set(changes.events)] }),
      ...(changes.description !== undefined && { description: changes.description }),
      // Activated by hand: a fresh start, the old failing streak and reason forgotten.
      ...(active !== undefined && { isActive: active }),
      ...(active === true && { failingSince: null, disabledReason: null }),
    });
    return present(updated);
  }

  async delete(id: number): Promise<void> {
    if (!(await this.endpoints.delete(id))) throw new RecordNotFoundError('webhook');
  }

  /** A new secret, shown in this answer only; the old one stops signing at once. */
  /**
   * A new secret. The old one keeps signing beside it for `previousSecretHours` (0: it stops at once,
   * for a secret that leaked), the time receivers have to take the new one.
   */
  async rotateSecret(id: number, previousSecretHours: number): Promise<WebhookSecretView> {
    const before = await this.endpoints.getOne({ id });
    const overlap = previousSecretHours > 0;
    const endpoint = await this.endpoints.update(id, {
      secret: newWebhookSecret(),
      previousSecret: overlap ? before.secret : null,
      previousSecretExpiresAt: overlap
        ? new Date(Date.now() + previousSecretHours * 3_600_000)
        : null,
    });
    return { ...present(endpoint), secret: endpoint.secret };
  }

  /** Queues a `ping` delivery to test the endpoint. */
  async ping(id: number): Promise<DeliveryView> {
    const endpoint = await this.activeEndpoint(id);
    const data = { webhook: { id: endpoint.id, url: endpoint.url } };
    return presentDelivery(await this.sending.queue(endpoint.id, 'ping', data));
  }

  async deliveriesOf(id: number, page: Page): Promise<[DeliveryView[], number]> {
    await this.endpoints.getOne({ id });
    const [deliveries, count] = await this.deliveries.listForEndpoint(id, page);
    return [deliveries.map(presentDelivery), count];
  }

  async delivery(id: number, deliveryId: number): Promise<DeliveryDetailView> {
    const delivery = await this.deliveries.getOne({ id: deliveryId, endpointId: id });
    return {
      ...presentDelivery(delivery),
      payload: JSON.parse(delivery.body) as Record<string, unknown>,
    };
  }

  /**
   * Sends a finished delivery again: same id and body, a new signature. 409 while the endpoint is
   * disabled, or while the delivery is still being tried (its retries are scheduled already).
   */
  async redeliver(id: number, deliveryId: number): Promise<DeliveryView> {
    await this.activeEndpoint(id);
    const delivery = await this.deliveries.getOne({ id: deliveryId, endpointId: id });
    if (delivery.status === 'pending') {
      throw new ApiError(409, { delivery: 'is still being tried' });
    }
    return presentDelivery(await this.sending.redeliver(delivery));
  }

  private async activeEndpoint(id: number): Promise<WebhookEndpoint> {
    const endpoint = await this.endpoints.getOne({ id });
    if (!endpoint.isActive) throw new ApiError(409, { webhook: 'is disabled: activate it first' });
    return endpoint;
  }

  private checkUrl(url: string): void {
    const problem = endpointUrlProblem(url.trim(), this.config);
    if (problem) throw new ApiError(422, { url: problem });
  }
}
