import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsModule } from '../accounts/accounts.module';
import { AuthProvidersController } from './auth-providers.controller';
import { IdentityProvidersService } from './identity-providers.service';
import { oauthConfigProviders } from './oauth-config.provider';
import { ProviderClients } from './provider-clients';
import { ProviderExchangeCode } from './provider-exchange-code.entity';
import { ProviderLogin } from './provider-login.entity';
import {
  ProviderExchangeCodesRepository,
  ProviderLoginsRepository,
} from './provider-logins.repository';
import { UserIdentitiesController } from './user-identities.controller';
import { UserIdentitiesRepository } from './user-identities.repository';
import { UserIdentity } from './user-identity.entity';

/**
 * Sign-in with OpenID Connect providers and GitHub (OAUTH_<NAME>_* settings): the round trip, the
 * accounts it signs into or makes, and the links a user keeps (docs/identity-providers.md; the short
 * form in docs/accounts-api.md, "Identity providers").
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserIdentity, ProviderLogin, ProviderExchangeCode]),
    AccountsModule,
  ],
  controllers: [AuthProvidersController, UserIdentitiesController],
  providers: [
    ...oauthConfigProviders,
    ProviderClients,
    ProviderLoginsRepository,
    ProviderExchangeCodesRepository,
    UserIdentitiesRepository,
    IdentityProvidersService,
  ],
  exports: [IdentityProvidersService],
})
export class IdentityProvidersModule {}
