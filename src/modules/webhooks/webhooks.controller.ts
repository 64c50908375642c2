import { Body, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { IdPipe } from '../../common/id.pipe';
import { PaginationQueryDto } from '../../common/pagination-query.dto';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AdminController } from '../accounts/roles.decorator';
import {
  CreateWebhookDto,
  DeliveriesResponseDto,
  DeliveryDetailResponseDto,
  DeliveryResponseDto,
  UpdateWebhookDto,
  DEFAULT_PREVIOUS_SECRET_HOURS,
  RotateSecretQueryDto,
  WebhookResponseDto,
  WebhookSecretResponseDto,
  WebhooksResponseDto,
} from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

const webhookId = new IdPipe('webhook');
const deliveryId = new IdPipe('delivery');

@AdminController('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiRoute({
    summary: 'Webhook endpoints, newest first (administrators)',
    ok: WebhooksResponseDto,
  })
  async list(): Promise<WebhooksResponseDto> {
    return { webhooks: await this.webhooks.list() };
  }

  @Post()
  @ApiRoute({
    summary: 'Register an endpoint; the answer holds its secret, shown this once (administrators)',
    created: WebhookSecretResponseDto,
    errors: [422],
  })
  async create(@Body() input: CreateWebhookDto): Promise<WebhookSecretResponseDto> {
    return { webhook: await this.webhooks.create(input.webhook) };
  }

  @Get(':id')
  @ApiRoute({ summary: 'One endpoint (administrators)', ok: WebhookResponseDto, errors: [404] })
  async get(@Param('id', webhookId) id: number): Promise<WebhookResponseDto> {
    return { webhook: await this.webhooks.get(id) };
  }

  @Put(':id')
  @ApiRoute({
    summary: 'Change the URL, events, description or active flag (administrators)',
    ok: WebhookResponseDto,
    errors: [404, 422],
  })
  async update(
    @Param('id', webhookId) id: number,
    @Body() input: UpdateWebhookDto,
  ): Promise<WebhookResponseDto> {
    return { webhook: await this.webhooks.update(id, input.webhook) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Delete an endpoint and its delivery log (administrators)',
    noContent: 'Deleted',
    errors: [404],
  })
  async remove(@Param('id', webhookId) id: number): Promise<void> {
    await this.webhooks.delete(id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiRoute({
    summary:
      'A new secret, shown this once; the old one also signs for previousSecretHours (default 24, 0: stops at once) (administrators)',
    ok: WebhookSecretResponseDto,
    errors: [404, 422],
  })
  async rotateSecret(
    @Param('id', webhookId) id: number,
    @Query() query: RotateSecretQueryDto,
  ): Promise<WebhookSecretResponseDto> {
    return {
      webhook: await this.webhooks.rotateSecret(
        id,
        query.previousSecretHours ?? DEFAULT_PREVIOUS_SECRET_HOURS,
      ),
    };
  }

  @Post(':id/ping')
  @ApiRoute({
    summary: 'Send a ping delivery to test the endpoint (administrators)',
    created: DeliveryResponseDto,
    errors: [404, 409],
  })
  async ping(@Param('id', webhookId) id: number): Promise<DeliveryResponseDto> {
    return { delivery: await this.webhooks.ping(id) };
  }

  @Get(':id/deliveries')
  @ApiRoute({
    summary: "The endpoint's delivery log, newest first (administrators)",
    ok: DeliveriesResponseDto,
    errors: [404, 422],
  })
  async deliveries(
    @Param('id', webhookId) id: number,
    @Query() page: PaginationQueryDto,
  ): Promise<DeliveriesResponseDto> {
    const [deliveries, deliveriesCount] = await this.webhooks.deliveriesOf(id, {
      limit: page.limit ?? 20,
      offset: page.offset ?? 0,
    });
    return { deliveries, deliveriesCount };
  }

  @Get(':id/deliveries/:deliveryId')
  @ApiRoute({
    summary: 'One delivery with the body it sends (administrators)',
    ok: DeliveryDetailResponseDto,
    errors: [404],
  })
  async delivery(
    @Param('id', webhookId) id: number,
    @Param('deliveryId', deliveryId) delivery: number,
  ): Promise<DeliveryDetailResponseDto> {
    return { delivery: await this.webhooks.delivery(id, delivery) };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(200)
  @ApiRoute({
    summary: 'Send a delivery again: same id and body, new signature (administrators)',
    ok: DeliveryResponseDto,
    errors: [404, 409],
  })
  async redeliver(
    @Param('id', webhookId) id: number,
    @Param('deliveryId', deliveryId) delivery: number,
  ): Promise<DeliveryResponseDto> {
    return { delivery: await this.webhooks.redeliver(id, delivery) };
  }
}
