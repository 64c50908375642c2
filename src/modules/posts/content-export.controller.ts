import { Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { AdminController } from '../accounts/roles.decorator';
import { ContentExportService } from './content-export.service';

/** The blog's content to take elsewhere or keep, for administrators (it names the writers' emails). */
@AdminController('export')
export class ContentExportController {
  constructor(private readonly exports: ContentExportService) {}

  @Get()
  @ApiOperation({
    summary:
      "The blog's articles, static pages, tags, categories and their writers as a Ghost export (JSON): Ghost's Labs → Import reads it, and `npm run cli -- import-ghost` (administrators)",
  })
  @ApiProduces('application/json')
  @ApiOkResponse({
    description: 'A Ghost export file, `{db: [{meta, data: {posts, users, tags, …}}]}`',
    content: { 'application/json': { schema: { type: 'object' } } },
  })
  async export(@Res() reply: FastifyReply): Promise<void> {
    await reply
      .header('Content-Type', 'application/json; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${this.exports.fileName()}"`)
      .header('Cache-Control', 'no-store')
      .send(Readable.from(this.exports.ghostExport()));
  }
}
