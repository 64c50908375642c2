import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { OptionalText } from '../../../common/optional-text.validator';

export class QueueDepthView {
  @ApiProperty({ example: 'mail' })
  name: string;

  @ApiProperty({ type: 'integer', description: 'Waiting to run now' })
  ready: number;

  @ApiProperty({ type: 'integer', description: 'Waiting for a later time (a retry’s backoff)' })
  deferred: number;

  @ApiProperty({ type: 'integer' })
  active: number;

  @ApiProperty({ type: 'integer', description: 'Failed for good, kept until JOBS_RETENTION_DAYS' })
  failed: number;
}

export class QueuesResponseDto {
  @ApiProperty({ type: [QueueDepthView] })
  queues: QueueDepthView[];
}

export class FailedJobView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'mail' })
  queue: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failedAt: Date | null;

  @ApiProperty({ type: 'integer' })
  tries: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last try’s error message' })
  error: string | null;
}

export class FailedJobsResponseDto {
  @ApiProperty({ type: [FailedJobView] })
  jobs: FailedJobView[];
}

export class FailedJobsQuery {
  @ApiPropertyOptional({ example: 'mail', description: 'One queue; every queue when absent' })
  @OptionalText(100)
  queue?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
  )
  @Max(100, { message: 'must be at most 100' })
  @Min(1, { message: 'must be at least 1' })
  @IsInt({ message: 'must be a whole number' })
  limit?: number;
}
