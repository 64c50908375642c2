import { Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { JobQueue } from '../../../libs/jobs/job-queue';
import { ApiError } from '../../common/api-exception.filter';
import { ApiRoute } from '../../docs/api-route.decorator';
import { AdminController } from '../accounts/roles.decorator';
import { FailedJobsQuery, FailedJobsResponseDto, QueuesResponseDto } from './dto/admin-jobs.dto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The background job queues as administrators see them: depth, failed jobs, and a retry. */
@AdminController('jobs')
export class AdminJobsController {
  constructor(private readonly jobs: JobQueue) {}

  @Get()
  @ApiRoute({ summary: 'Each job queue’s depth by state (administrators)', ok: QueuesResponseDto })
  async queues(): Promise<QueuesResponseDto> {
    return { queues: await this.jobs.depth() };
  }

  @Get('failed')
  @ApiRoute({
    summary: 'The newest jobs that failed for good, with their last error (administrators)',
    ok: FailedJobsResponseDto,
    errors: [422],
  })
  async failed(@Query() query: FailedJobsQuery): Promise<FailedJobsResponseDto> {
    return { jobs: await this.jobs.failedJobs(query.queue, query.limit ?? 20) };
  }

  @Post(':queue/:id/retry')
  @HttpCode(204)
  @ApiRoute({
    summary: 'Give a failed job one more try, now (administrators)',
    noContent: 'Queued again',
    errors: [404],
  })
  async retry(@Param('queue') queue: string, @Param('id') id: string): Promise<void> {
    if (!UUID.test(id) || !(await this.jobs.retry(queue, id))) {
      throw new ApiError(404, { job: 'not found' });
    }
  }
}
