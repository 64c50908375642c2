import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { DatabaseSession } from '../../../libs/database/database-session';
import { JobContext, JobQueue } from '../../../libs/jobs/job-queue';
import { WebhookDelivery } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent, WebhookPayload } from './webhook-events';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsRepository } from './webhook-endpoints.repository';
import { WebhookSender, SendOutcome } from './webhook-sender';
import { newMessageId, signatureHeaders } from './webhook-signature';
import './webhooks.jobs';
import { WEBHOOKS_CONFIG, WebhooksSettings } from './webhooks-config.provider';

/** A failed try that will be retried (the job queue's backoff): its message is the try's outcome. */
class DeliveryFailedError extends Error {}

/**
 * Deliveries: each is a row of the delivery log and a job of the `webhook-delivery` queue, both written
 * in the unit of work of the change they report. The worker signs and POSTs the body, logs the try,
 * and fails the job on anything but a 2xx so the queue retries it with backoff; an endpoint that has
 * failed for WEBHOOK_DISABLE_AFTER_SECONDS is disabled, with the reason, at its next failure.
 */
@Injectable()
export class WebhookDeliveriesService implements OnModuleDestroy {
  private readonly logger = new Logger('Webhooks');
  private readonly sender: WebhookSender;

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsRepository,
    private readonly session: DatabaseSession,
    private readonly jobs: JobQueue,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksSettings,
  ) {
    this.sender = new WebhookSender(config);
    jobs.define({
      name: 'webhook-delivery',
      options: {
        retryLimit: config.maxAttempts - 1,
        retryDelay: config.retryDelaySeconds,
        retryBackoff: true,
        // A backstop: a dead worker's job is retried once its heartbeat lapses (JobQueue).
        expireInSeconds: Math.ceil(config.timeoutMs / 1000) + 60,
        deleteAfterSeconds: config.retentionSeconds,
      },
      concurrency: config.concurrency,
      handle: ({ deliveryId }, job) => this.deliver(deliveryId, job),
    });
    jobs.define({
      name: 'webhook-log-cleanup',
      options: { retryLimit: 2, deleteAfterSeconds: config.retentionSeconds },
      concurrency: 1,
      cron: '17 3 * * *',
      handle: async () => {
        const before = new Date(Date.now() - config.retentionSeconds * 1000);
        const deleted = await this.deliveries.deleteFinishedBefore(before);
        if (deleted > 0)
          this.logger.log(
            `Deleted ${deleted} webhook deliveries older than ${before.toISOString()}`,
          );
      },
    });
  }

  /** Logs a delivery of `event` to the endpoint and enqueues its first try, in the current unit of work. */
  async queue(
    endpointId: number,
    event: WebhookEvent,
    data: Record<string, unknown>,
    at = new Date(),
  ): Promise<WebhookDelivery> {
    const messageId = newMessageId();
    const payload: WebhookPayload = {
      id: messageId,
      type: event,
      timestamp: at.toISOString(),
      data,
    };
    const delivery = await this.deliveries.create({
      endpointId,
      messageId,
      event,
      body: JSON.stringify(payload),
    });
    await this.jobs.enqueue('webhook-delivery', { deliveryId: delivery.id });
    return delivery;
  }

  /** Sends a logged delivery again (same id and body, a new signature), in the current unit of work. */
  async redeliver(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    const pending = await this.deliveries.update(delivery.id, { status: 'pending' });
    await this.jobs.enqueue('webhook-delivery', { deliveryId: delivery.id });
    return pending;
  }

  /** One try: the `webhook-delivery` queue's worker. */
  async deliver(deliveryId: number, job: JobContext): Promise<void> {
    const delivery = await this.deliveries.findOne({ id: deliveryId });
    // Deleted with its endpoint: nothing left to send.
    if (!delivery) return;
    const endpoint = await this.endpoints.findOne({ id: delivery.endpointId });
    if (!endpoint) return;
    if (!endpoint.isActive) {
      await this.deliveries.update(delivery.id, {
        status: 'failed',
        error: 'not sent: the endpoint is disabled',
      });
      return;
    }
    const now = new Date();
    // Within a rotation's overlap the previous secret signs too.
    const previous =
      endpoint.previousSecret &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > now
        ? [endpoint.previousSecret]
        : [];
    const headers = signatureHeaders(
      [endpoint.secret, ...previous],
      delivery.messageId,
      delivery.body,
      now,
    );
    const outcome = await this.sender.post(endpoint.url, headers, delivery.body);
    const result = await this.session.transaction(() =>
      this.record(delivery, endpoint.id, outcome, job),
    );
    if (result === 'retry' || result === 'gave up') {
      this.logger.warn(
        `Webhook delivery ${delivery.messageId} (${delivery.event}) to endpoint ${endpoint.id} failed, try ${job.retryCount + 1}${result === 'gave up' ? ', the last' : ''}: ${outcome.error}`,
      );
      // The queue retries it with backoff, or keeps it as failed after the last try.
      throw new DeliveryFailedError(outcome.error ?? 'failed');
    }
  }

  /**
   * Logs the try and updates the endpoint's failing streak, under its row lock. A failure is retried
   * unless it was the last try or it disabled the endpoint (no later try would be sent).
   */
  private async record(
    delivery: WebhookDelivery,
    endpointId: number,
    outcome: SendOutcome,
    job: JobContext,
  ): Promise<'delivered' | 'retry' | 'gave up' | 'disabled'> {
    const endpoint = await this.endpoints.findForUpdate(endpointId);
    if (outcome.ok) {
      await this.deliveries.recordAttempt(delivery.id, outcome, 'delivered');
      if (endpoint?.failingSince) await this.endpoints.update(endpointId, { failingSince: null });
      return 'delivered';
    }
    const now = new Date();
    const failingSince = endpoint?.failingSince ?? now;
    const disable =
      endpoint?.isActive === true &&
      now.getTime() - failingSince.getTime() >= this.config.disableAfterSeconds * 1000;
    if (endpoint) await this.updateStreak(endpoint, failingSince, disable, outcome, now);
    const result = disable || !endpoint?.isActive ? 'disabled' : job.lastTry ? 'gave up' : 'retry';
    await this.deliveries.recordAttempt(
      delivery.id,
      outcome,
      result === 'retry' ? 'pending' : 'failed',
    );
    return result;
  }

  private async updateStreak(
    endpoint: WebhookEndpoint,
    failingSince: Date,
    disable: boolean,
    outcome: SendOutcome,
    now: Date,
  ): Promise<void> {
    if (!disable) {
      if (!endpoint.failingSince) await this.endpoints.update(endpoint.id, { failingSince });
      return;
    }
    const disabledReason = `Disabled at ${now.toISOString()}: every delivery failed since ${failingSince.toISOString()} (last: ${outcome.error})`;
    await this.endpoints.update(endpoint.id, { failingSince, isActive: false, disabledReason });
    this.logger.warn(`Webhook endpoint ${endpoint.id} disabled: ${disabledReason}`);
  }

  onModuleDestroy(): void {
    this.sender.close();
  }
}
