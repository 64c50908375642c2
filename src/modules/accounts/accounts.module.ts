import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthConfig } from '../../config/app-config';
import { MailModule } from '../mail/mail.module';
import { AccessCache } from './access-cache';
import { AccessToken } from './access-token.entity';
import { AccessTokensRepository } from './access-tokens.repository';
import { AccessTokensService } from './access-tokens.service';
import { AccountEmailsService } from './account-emails.service';
import { AccountsService } from './accounts.service';
import { AUTH_CONFIG, authConfigProviders } from './auth-config.provider';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { FirstSuperuserService } from './first-superuser.service';
import { OneTimeToken } from './one-time-token.entity';
import { OneTimeTokensRepository } from './one-time-tokens.repository';
import { PasswordHasher } from './password-hasher';
import { ProviderAccountsService } from './provider-accounts.service';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/**
 * Users and their sessions: register, log in, tokens, email verification, password reset, the first
 * administrator, and the global guard every route passes (@Public, @CurrentUser, @RequireRole,
 * @AllowUnverified). Exports AccountsService, the accounts as other modules see them.
 */
@Module({
  imports: [TypeOrmModule.forFeature([User, AccessToken, OneTimeToken]), MailModule],
  controllers: [UsersController, AuthController],
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
    AccessCache,
    UsersRepository,
    AccessTokensRepository,
    OneTimeTokensRepository,
    AccessTokensService,
    AccountEmailsService,
    UsersService,
    AccountsService,
    ProviderAccountsService,
    FirstSuperuserService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AccountsService, ProviderAccountsService],
})
export class AccountsModule {}
