import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, AuthConfig } from '../../config/app-config';
import { OAuthConfig } from '../../config/oauth-config';

export const OAUTH_CONFIG = Symbol('folio.oauthConfig');
/** Where the web app is (APP_URL): the callback sends the browser back there. */
export const WEB_APP_URL = Symbol('folio.webAppUrl');

export const oauthConfigProviders: Provider[] = [
  {
    provide: OAUTH_CONFIG,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): OAuthConfig => config.get('oauth'),
  },
  {
    provide: WEB_APP_URL,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): string =>
      config.get<AuthConfig>('auth').appUrl,
  },
];
