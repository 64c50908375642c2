import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { SentMail } from '../mail.types';

export class SentMailDto implements SentMail {
  @ApiProperty({ example: '"Folio" <no-reply@folio.localhost>' })
  from: string;

  @ApiProperty({ example: 'jake@jake.jake' })
  to: string;

  @ApiProperty({ example: 'Confirm your email address on Folio' })
  subject: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  html: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    example: {
      'List-Unsubscribe': '<https://blog.example.com/api/newsletter/unsubscribe?token=…>',
    },
    description: "Headers beyond the usual ones (a newsletter's)",
  })
  headers?: Record<string, string>;

  @ApiProperty({ format: 'date-time' })
  sentAt: string;
}

export class OutboxResponseDto {
  @ApiProperty({ type: [SentMailDto], description: 'Oldest first; the last 100' })
  mails: SentMailDto[];
}
