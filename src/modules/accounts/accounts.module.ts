import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthConfig } from '../../config/app-config';
import { AccessToken } from './access-token.entity';
import { AccessTokensRepository } from './access-tokens.repository';
import { AccessTokensService } from './access-tokens.service';
import { AccountEmailsService } from './account-emails.service';
import { AdminUsersController } from '../admin/admin-users.controller';
import { AdminUsersService } from '../admin/admin-users.service';
import { AUTH_CONFIG, authConfigProviders } from './auth-config.provider';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { DevOutboxController } from '../mail/dev-outbox.controller';
import { FirstSuperuserService } from './first-superuser.service';
import { Follow } from '../profiles/follow.entity';
import { FollowsRepository } from '../profiles/follows.repository';
import { MailerService } from '../mail/mailer.service';
import { OneTimeToken } from './one-time-token.entity';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { PasswordHasher } from './password-hasher';
import { ProfilesController } from '../profiles/profiles.controller';
import { ProfilesService } from '../profiles/profiles.service';
import { RateLimitGuard } from '../../common/rate-limit/rate-limit.guard';
import { RATE_LIMIT_STORE } from '../../common/rate-limit/rate-limit-store';
import {
  RateLimitStoreCloser,
  rateLimitStoreProvider,
} from '../../common/rate-limit/rate-limit-store.provider';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [TypeOrmModule.forFeature([User, AccessToken, OneTimeToken, Follow])],
  controllers: [
    UsersController,
    ProfilesController,
    AuthController,
    AdminUsersController,
    DevOutboxController,
  ],
  providers: [
    ...authConfigProviders,
    {
      provide: PasswordHasher,
      inject: [AUTH_CONFIG],
      useFactory: async (config: AuthConfig) => {
        const hasher = new PasswordHasher(config.argon2);
        // The dummy hash for unknown-email logins is made now, not during the first such login.
        await hasher.warmUp();
        return hasher;
      },
    },
    rateLimitStoreProvider,
    RateLimitStoreCloser,
    RateLimitGuard,
    MailerService,
    UsersRepository,
    AccessTokensRepository,
    FollowsRepository,
    OneTimeTokensRepository,
    AccessTokensService,
    AccountEmailsService,
    UsersService,
    ProfilesService,
    AdminUsersService,
    FirstSuperuserService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  // The rate-limit guard's dependencies, for the write and search limits of other modules' routes.
  exports: [ProfilesService, RATE_LIMIT_STORE, AUTH_CONFIG],
})
export class AuthModule {}
