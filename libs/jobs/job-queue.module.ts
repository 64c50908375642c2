import { DynamicModule, Module } from '@nestjs/common';
import { JOB_QUEUE_OPTIONS, JobQueue, JobQueueOptions } from './job-queue';

/**
 * Durable jobs for every module: a module that owns a queue defines it (`jobs.define(...)`) from one of
 * its providers and enqueues with `jobs.enqueue(...)`, inside its unit of work.
 */
@Module({})
export class JobQueueModule {
  static forRoot(options: JobQueueOptions): DynamicModule {
    return {
      module: JobQueueModule,
      global: true,
      providers: [{ provide: JOB_QUEUE_OPTIONS, useValue: options }, JobQueue],
      exports: [JobQueue],
    };
  }
}
