import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../../common/api-exception.filter';
import { NO_STORE } from '../../common/http-cache/cache-policy';
import { ifNoneMatch } from '../../common/http-cache/entity-tag';
import { Public } from '../accounts/public.decorator';
import { parseRange } from './byte-range';
import { MediaFilesService } from './media-files.service';
import { MEDIA_FILE_ROUTE } from './media-routes';
import { IMMUTABLE } from './media-settings.provider';

/** A file's long-lived headers taken back, for an error answered after they were set. */
function withoutFileCaching(reply: FastifyReply): void {
  reply.header('Cache-Control', NO_STORE).removeHeader('etag');
}

/**
 * Uploaded images as files: cached for a year (a new upload has a new address), byte ranges, and
 * headers that keep a file from ever being run as anything but an image (nosniff, a CSP that allows
 * nothing and sandboxes, should a browser open it as a document).
 */
@Public()
@ApiExcludeController()
@Controller()
export class MediaFilesController {
  constructor(private readonly files: MediaFilesService) {}

  @Get(MEDIA_FILE_ROUTE)
  async serve(
    @Param('id') id: string,
    @Param('file') name: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = this.files.resolve(id, name);
    if (!file) throw new ApiError(404, { media: 'not found' });
    const redirect = this.files.redirectUrl(file);
    if (redirect) {
      // The store cannot say which widths exist without a request of its own: the database does.
      const fallback = await this.files.fallback(id, name);
      const target = (fallback && this.files.redirectUrl(fallback)) ?? redirect;
      await reply.header('Cache-Control', IMMUTABLE).redirect(target, 302);
      return;
    }
    const stored = await this.files.stat(file);
    if (!stored) {
      // A width the upload is too small to have goes to its widest file (as long-lived: it never changes).
      const fallback = await this.files.fallback(id, name);
      if (!fallback) throw new ApiError(404, { media: 'not found' });
      await reply.header('Cache-Control', IMMUTABLE).redirect(`/media/${fallback.key}`, 302);
      return;
    }
    reply
      .header('Content-Type', file.contentType)
      .header('Cache-Control', IMMUTABLE)
      .header('ETag', stored.etag)
      .header('Accept-Ranges', 'bytes')
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      // Images are embedded by other sites (feed readers, link previews): the API's same-site does not fit.
      .header('Cross-Origin-Resource-Policy', 'cross-origin');
    if (ifNoneMatch(request.headers['if-none-match'], stored.etag)) {
      await reply.code(304).send();
      return;
    }
    const ifRange = request.headers['if-range'];
    const range =
      ifRange === undefined || ifRange === stored.etag
        ? parseRange(request.headers.range, stored.size)
        : undefined;
    if (range === 'unsatisfiable') {
      // An error: no cache may keep it under the file's address.
      withoutFileCaching(reply);
      await reply
        .code(416)
        .header('Content-Range', `bytes */${stored.size}`)
        .header('Content-Type', 'application/json; charset=utf-8')
        .send({ errors: { range: ['is not satisfiable'] } });
      return;
    }
    const body = await this.files.read(file, range);
    if (!body) {
      // Deleted since it was looked at.
      withoutFileCaching(reply);
      throw new ApiError(404, { media: 'not found' });
    }
    if (range) {
      reply
        .code(206)
        .header('Content-Range', `bytes ${range.start}-${range.end}/${stored.size}`)
        .header('Content-Length', range.end - range.start + 1);
    } else {
      reply.header('Content-Length', stored.size);
    }
    await reply.send(body);
  }
}
