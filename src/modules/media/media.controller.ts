import '@fastify/multipart';
import {
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApiError } from '../../common/api-exception.filter';
import { PaginationQueryDto } from '../../common/pagination-query.dto';
import { WriteRateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { ApiErrorResponseDto } from '../../docs/api-error-response.dto';
import { ApiToken } from '../../docs/api-errors.decorator';
import { ApiRoute } from '../../docs/api-route.decorator';
import type { AuthUser } from '../accounts/auth-user.types';
import { CurrentUser } from '../accounts/current-user.decorator';
import { MultipleMediaResponseDto, SingleMediaResponseDto, UploadMediaDto } from './dto/media.dto';
import { MEDIA_SETTINGS, MediaSettings } from './media-settings.provider';
import { MediaService } from './media.service';

/** Room for the multipart envelope (boundaries, part headers, a field or two) beside the file. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * An error reading the multipart body: the client's (a boundary the body does not use, a part that
 * never ends, a malformed part header: busboy's plain errors; too many parts) is a 400 or 413 in the
 * API's shape; the disk's (no space, no permission: a `syscall` error) stays a 500.
 */
function unreadableBody(error: unknown, reply: FastifyReply): unknown {
  if (error instanceof ApiError || (error as { syscall?: string }).syscall) return error;
  reply.header('Connection', 'close');
  const code = (error as { code?: string }).code;
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FILES_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new ApiError(413, { body: 'has too many parts' });
  }
  return new ApiError(400, { body: 'is not valid multipart/form-data' });
}

@ApiTags('media')
@Controller('media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    @Inject(MEDIA_SETTINGS) private readonly settings: MediaSettings,
  ) {}

  @WriteRateLimit()
  @Post()
  // http-security.ts lets a multipart body through to this route only.
  @RouteConfig({ multipart: true })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadMediaDto })
  @ApiRoute({
    summary:
      'Upload an image (multipart field `file`): JPEG, PNG, WebP, AVIF or GIF, decided by its bytes',
    created: SingleMediaResponseDto,
    errors: [422],
  })
  @ApiResponse({ status: 400, description: 'Not valid multipart', type: ApiErrorResponseDto })
  @ApiResponse({ status: 413, description: 'Over MEDIA_MAX_BYTES', type: ApiErrorResponseDto })
  @ApiResponse({ status: 415, description: 'Not an accepted image', type: ApiErrorResponseDto })
  @ApiToken()
  async upload(
    @CurrentUser() uploader: AuthUser,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SingleMediaResponseDto> {
    const tooLarge = () => {
      // Nothing more of the body is read: the connection closes after the answer.
      reply.header('Connection', 'close');
      const megabytes = Math.round((this.settings.maxBytes / 1024 / 1024) * 10) / 10;
      return new ApiError(413, { file: `is larger than ${megabytes} MB` });
    };
    const declared = Number(request.headers['content-length']);
    if (declared > this.settings.maxBytes + ENVELOPE_BYTES) throw tooLarge();
    if (!request.isMultipart()) {
      throw new ApiError(415, { body: 'must be multipart/form-data with a file field' });
    }
    const part = await request
      .file({
        limits: { fileSize: this.settings.maxBytes, files: 1, fields: 10, parts: 20 },
        throwFileSizeLimit: false,
      })
      .catch((error: unknown) => {
        throw unreadableBody(error, reply);
      });
    // docs/media.md names the field: a file sent under another name is not taken for it.
    if (!part || part.fieldname !== 'file') {
      reply.header('Connection', 'close');
      throw new ApiError(422, { file: "can't be blank" });
    }
    const folder = await mkdtemp(join(tmpdir(), 'folio-upload-'));
    try {
      const path = join(folder, 'upload');
      const abort = new AbortController();
      let overLimit = false;
      part.file.once('limit', () => {
        overLimit = true;
        abort.abort();
      });
      try {
        await pipeline(part.file, createWriteStream(path), { signal: abort.signal });
      } catch (error) {
        if (overLimit) throw tooLarge();
        throw unreadableBody(error, reply);
      }
      if (overLimit || part.file.truncated) throw tooLarge();
      const { size } = await stat(path);
      return { media: await this.media.upload(uploader.id, path, size) };
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  @Get()
  @ApiRoute({ summary: 'Your uploads, newest first', ok: MultipleMediaResponseDto, errors: [422] })
  @ApiToken()
  async list(
    @CurrentUser() uploader: AuthUser,
    @Query() page: PaginationQueryDto,
  ): Promise<MultipleMediaResponseDto> {
    const [media, mediaCount] = await this.media.list(uploader, {
      limit: page.limit ?? 20,
      offset: page.offset ?? 0,
    });
    return { media, mediaCount };
  }

  @Get(':id')
  @ApiRoute({ summary: 'One upload by its id', ok: SingleMediaResponseDto, errors: [404] })
  @ApiToken()
  async get(@Param('id') id: string): Promise<SingleMediaResponseDto> {
    return { media: await this.media.get(id) };
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiRoute({
    summary:
      'Delete your upload (editors and administrators: any); 409 while an article body or a profile image uses it',
    noContent: 'Deleted, files included',
    errors: [403, 404, 409],
  })
  @ApiToken()
  async remove(@CurrentUser() reader: AuthUser, @Param('id') id: string): Promise<void> {
    await this.media.delete(reader, id);
  }
}
