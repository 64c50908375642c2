import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig } from '../../config/app-config';
import { SiteConfig } from '../../config/site-config';

/** The site settings (APP_URL, SITE_TITLE, SITE_DESCRIPTION, FEED_ITEMS, SITE_INDEXING). */
export const SITE_CONFIG = Symbol('folio.siteConfig');

/** URLs in a sitemap child: the protocol's limit. A provider so a test can make children small. */
export const SITEMAP_PAGE_SIZE = Symbol('folio.sitemapPageSize');

export const syndicationSettingsProviders: Provider[] = [
  {
    provide: SITE_CONFIG,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): SiteConfig =>
      config.get('site', { infer: true }),
  },
  { provide: SITEMAP_PAGE_SIZE, useValue: 50_000 },
];
