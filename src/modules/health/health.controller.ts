import { Controller, Get, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '../accounts/public.decorator';
import { HealthService, Readiness } from './health.service';

/** Probes answer anyone: load balancers carry no token. */
@Public()
@Controller()
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('db-status')
  async dbStatus(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ connected: boolean }> {
    const connected = await this.health.databaseConnected();
    if (!connected) reply.status(503);
    return { connected };
  }

  /** The process is up and serving; says nothing about the database. */
  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Ready for traffic: the database answers and every migration is applied. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    const readiness = await this.health.readiness();
    if (!readiness.ready) reply.status(503);
    return readiness;
  }
}
