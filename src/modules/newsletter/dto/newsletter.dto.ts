import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { EmptyQueryIsAbsent, QueryText } from '../../../common/optional-text.validator';
import { PaginationQueryDto } from '../../../common/pagination-query.dto';
import { EmailField, RequiredString } from '../../accounts/user-fields.decorator';
import { SUBSCRIBER_STATUSES, SubscriberStatus } from '../newsletter-subscriber.entity';

/** `{ email }`: who asks for the newsletter. */
export class SubscribeDto {
  @ApiProperty({ example: 'reader@example.com', maxLength: 254 })
  @EmailField()
  email: string;
}

/** The token of a newsletter mail's link (the `token` of its query string). */
export class NewsletterTokenDto {
  @ApiProperty({ description: 'The token of the mailed link', maxLength: 256 })
  @RequiredString(256, 'is invalid')
  token: string;
}

export class SubscriptionDto {
  @ApiProperty({ example: 'reader@example.com' })
  email: string;

  @ApiProperty({ enum: SUBSCRIBER_STATUSES })
  status: SubscriberStatus;
}

export class SubscriptionResponseDto {
  @ApiProperty({ type: SubscriptionDto })
  subscription: SubscriptionDto;
}

/** `GET /api/admin/subscribers/export?status=&q=`: which subscribers. */
export class SubscriberFilterQuery {
  @ApiPropertyOptional({ enum: SUBSCRIBER_STATUSES, description: 'Empty: every status' })
  @EmptyQueryIsAbsent()
  @IsOptional()
  @IsIn(SUBSCRIBER_STATUSES, { message: `must be one of ${SUBSCRIBER_STATUSES.join(', ')}` })
  status?: SubscriberStatus;

  @ApiPropertyOptional({ description: 'Part of the email, in any case', maxLength: 254 })
  @QueryText(254)
  q?: string;
}

/** `GET /api/admin/subscribers?status=&q=&limit=&offset=`. */
export class ListSubscribersQuery extends IntersectionType(
  SubscriberFilterQuery,
  PaginationQueryDto,
) {}

export class SubscriberDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'reader@example.com' })
  email: string;

  @ApiProperty({
    enum: SUBSCRIBER_STATUSES,
    description:
      'pending until the mailed link is followed; unsubscribed once they left; bounced once the receiving server refused its mail for good (mailed nothing until it subscribes again)',
  })
  status: SubscriberStatus;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  confirmedAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  unsubscribedAt: Date | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the receiving server last refused its mail for good',
  })
  bouncedAt: Date | null;
}

export class SubscriberCountsDto {
  @ApiProperty()
  pending: number;

  @ApiProperty()
  active: number;

  @ApiProperty()
  unsubscribed: number;

  @ApiProperty()
  bounced: number;
}

export class SubscribersResponseDto {
  @ApiProperty({ type: [SubscriberDto], description: 'Newest first' })
  subscribers: SubscriberDto[];

  @ApiProperty({ description: 'How many match the filters' })
  subscribersCount: number;

  @ApiProperty({ type: SubscriberCountsDto, description: 'The whole list by status' })
  counts: SubscriberCountsDto;
}

/** An article's newsletter mailing, as those who may edit it see it. */
export class ArticleMailingDto {
  @ApiProperty({
    description:
      "Whether the article is mailed when first published (the article's newsletter field)",
  })
  newsletter: boolean;

  @ApiProperty({
    type: 'integer',
    description:
      'The subscribers it was queued to (0 before its mailing runs, and if it never does)',
  })
  recipients: number;

  @ApiProperty({ type: 'integer', description: 'Of those, the mails the SMTP server took' })
  sent: number;

  @ApiProperty({ type: String, nullable: true, example: '2026-12-07T09:00:01.000Z' })
  lastSentAt: string | null;
}

export class ArticleMailingResponseDto {
  @ApiProperty({ type: ArticleMailingDto })
  mailing: ArticleMailingDto;
}
