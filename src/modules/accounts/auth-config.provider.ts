import { Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppConfig, AuthConfig } from '../../config/app-config';

export const AUTH_CONFIG = Symbol('folio.authConfig');

export const authConfigProviders: Provider[] = [
  {
    provide: AUTH_CONFIG,
    inject: [ConfigService],
    useFactory: (config: ConfigService<AppConfig, true>): AuthConfig => config.get('auth'),
  },
];
