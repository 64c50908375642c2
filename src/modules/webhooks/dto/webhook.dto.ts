import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsDefined, IsIn } from 'class-validator';
import { NestedObject } from '../../../common/nested-object.decorator';
import { QueryInteger } from '../../../common/pagination-query.dto';
import { IfPresent, NotBlankText } from '../../../common/not-blank.validator';
import { OptionalText } from '../../../common/optional-text.validator';
import { DELIVERY_STATUSES, DeliveryStatus } from '../webhook-delivery.entity';
import { SUBSCRIBABLE_EVENTS } from '../webhook-events';

const EVENTS_MESSAGE = `must each be one of ${SUBSCRIBABLE_EVENTS.join(', ')}`;

/**
 * The events an endpoint receives: at least one, each known. Checked in this order, stopping at the
 * first failure (stopAtFirstError): given, a list, not empty, no longer than the events, each known.
 */
function EventList(): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: "can't be blank" }),
    IsArray({ message: 'must be a list of event names' }),
    ArrayNotEmpty({ message: "can't be empty" }),
    ArrayMaxSize(SUBSCRIBABLE_EVENTS.length),
    IsIn(SUBSCRIBABLE_EVENTS, { each: true, message: EVENTS_MESSAGE }),
  );
}

/** `active`, when given: true or false (null is not "unchanged": it is refused). */
function ActiveFlag(): PropertyDecorator {
  return applyDecorators(IsBoolean({ message: 'must be true or false' }), IfPresent());
}

export class NewWebhookDto {
  @ApiProperty({
    example: 'https://hooks.example.com/folio',
    maxLength: 2048,
    description:
      'https in production; private and loopback addresses only with WEBHOOK_ALLOW_PRIVATE',
  })
  @NotBlankText(2048)
  url: string;

  @ApiProperty({ enum: SUBSCRIBABLE_EVENTS, isArray: true, example: ['article.published'] })
  @EventList()
  events: string[];

  @ApiPropertyOptional({ default: true })
  @ActiveFlag()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalText(500)
  description?: string;
}

export class CreateWebhookDto {
  @NestedObject(NewWebhookDto)
  webhook: NewWebhookDto;
}

export class WebhookChangesDto {
  @ApiPropertyOptional({ maxLength: 2048 })
  @IfPresent()
  @NotBlankText(2048)
  url?: string;

  @ApiPropertyOptional({ enum: SUBSCRIBABLE_EVENTS, isArray: true })
  @IfPresent()
  @EventList()
  events?: string[];

  @ApiPropertyOptional({ description: 'true also clears the reason Folio disabled it for' })
  @ActiveFlag()
  active?: boolean;

  @ApiPropertyOptional({ maxLength: 500 })
  @OptionalText(500)
  description?: string;
}

export class UpdateWebhookDto {
  @NestedObject(WebhookChangesDto)
  webhook: WebhookChangesDto;
}

/** An endpoint as administrators see it: never its secret. */
export class WebhookView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty()
  url: string;

  @ApiProperty({ enum: SUBSCRIBABLE_EVENTS, isArray: true })
  events: string[];

  @ApiProperty()
  active: boolean;

  @ApiProperty()
  description: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'The first failed delivery since the last successful one',
  })
  failingSince: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why Folio disabled it' })
  disabledReason: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'Until then the secret before the last rotation signs deliveries too',
  })
  previousSecretExpiresAt: Date | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ format: 'date-time' })
  updatedAt: Date;
}

export class WebhookSecretView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'Signs every delivery; shown only in this answer',
  })
  secret: string;
}

export class WebhookResponseDto {
  @ApiProperty({ type: WebhookView })
  webhook: WebhookView;
}

export class WebhookSecretResponseDto {
  @ApiProperty({ type: WebhookSecretView })
  webhook: WebhookSecretView;
}

export class WebhooksResponseDto {
  @ApiProperty({ type: [WebhookView] })
  webhooks: WebhookView[];
}

export class DeliveryView {
  @ApiProperty({ type: 'integer' })
  id: number;

  @ApiProperty({ description: 'The webhook-id header and the body’s id' })
  messageId: string;

  @ApiProperty()
  event: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;

  @ApiProperty({ type: 'integer' })
  attempts: number;

  @ApiProperty({ type: 'integer', nullable: true, description: "The last try's HTTP status" })
  responseStatus: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'The first 1,024 bytes of the answer' })
  responseBody: string | null;

  @ApiProperty({ type: 'integer', nullable: true })
  durationMs: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why the last try failed' })
  error: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastAttemptAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt: Date | null;
}

export class DeliveryDetailView extends DeliveryView {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'The body sent: id, type, timestamp and data',
  })
  payload: Record<string, unknown>;
}

export class DeliveriesResponseDto {
  @ApiProperty({ type: [DeliveryView] })
  deliveries: DeliveryView[];

  @ApiProperty({ type: 'integer' })
  deliveriesCount: number;
}

export class DeliveryResponseDto {
  @ApiProperty({ type: DeliveryView })
  delivery: DeliveryView;
}

export class DeliveryDetailResponseDto {
  @ApiProperty({ type: DeliveryDetailView })
  delivery: DeliveryDetailView;
}

/** How long the secret before a rotation keeps signing, unless the rotation says otherwise. */
export const DEFAULT_PREVIOUS_SECRET_HOURS = 24;

export class RotateSecretQueryDto {
  /** 0 stops the old secret at once (it leaked); up to a week for receivers that update slowly. */
  @QueryInteger(0, 168, DEFAULT_PREVIOUS_SECRET_HOURS)
  previousSecretHours?: number;
}
