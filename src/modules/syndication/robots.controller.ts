import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SiteConfig } from '../../config/site-config';
import { Public } from '../accounts/public.decorator';
import { answeredNotModified, strongEtag } from './conditional-get';
import { SITE_CONFIG } from './syndication-settings.provider';

/** The API, the editor, the account and admin pages: nothing there is for a search engine. */
const PRIVATE_PATHS = [
  '/api/',
  '/docs',
  '/admin/',
  '/editor',
  '/settings',
  '/drafts',
  '/login',
  '/register',
  '/verify',
  '/forgot-password',
  '/reset-password',
  '/preview',
];

/** robots.txt: the public pages and the sitemap; everything disallowed when SITE_INDEXING is false. */
export function robotsTxt(site: SiteConfig): string {
  if (!site.indexing) return 'User-agent: *\nDisallow: /\n';
  return [
    'User-agent: *',
    ...PRIVATE_PATHS.map((path) => `Disallow: ${path}`),
    '',
    `Sitemap: ${site.publicUrl}/sitemap.xml`,
    '',
  ].join('\n');
}

@Public()
@ApiExcludeController()
@Controller()
export class RobotsController {
  private readonly body: string;

  constructor(@Inject(SITE_CONFIG) site: SiteConfig) {
    this.body = robotsTxt(site);
  }

  @Get('robots.txt')
  robots(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const etag = strongEtag(this.body);
    if (answeredNotModified(request, reply, { etag })) return;
    void reply.type('text/plain; charset=utf-8').send(this.body);
  }
}
