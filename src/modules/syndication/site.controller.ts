import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SiteConfig } from '../../config/site-config';
import { ApiRoute } from '../../docs/api-route.decorator';
import { Public } from '../accounts/public.decorator';
import { SiteResponseDto } from './dto/site.dto';
import { SITE_CONFIG } from './syndication-settings.provider';

/** The blog's name and description, as its feeds and page heads give them, for the web app's header and titles. */
@ApiTags('site')
@Controller('site')
export class SiteController {
  private readonly answer: SiteResponseDto;

  constructor(@Inject(SITE_CONFIG) site: SiteConfig) {
    this.answer = {
      site: {
        title: site.title,
        description: site.description,
        url: site.publicUrl,
        language: site.language,
        image: site.image ?? null,
        signups: site.signups,
      },
    };
  }

  @Public()
  @Get()
  @ApiRoute({ summary: "The blog's title, description and public address", ok: SiteResponseDto })
  get(): SiteResponseDto {
    return this.answer;
  }
}
