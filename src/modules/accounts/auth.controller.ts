import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, ApiToken } from '../../docs/api-errors.decorator';
import { AccessTokensService } from './access-tokens.service';
import { AccountEmailsService } from './account-emails.service';
import { AllowUnverified } from './allow-unverified.decorator';
import { AuthenticatedRequest } from './authenticated-request';
import { AccountEmailDto, OneTimeTokenDto, ResetPasswordDto } from './dto/account-email.dto';
import { Public } from './public.decorator';
import { RateLimit } from '../../common/rate-limit/rate-limit.decorator';
import { RateLimitedRequest } from '../../common/rate-limit/rate-limit-options';
import { authenticated } from './users.controller';

const bodyEmail = ({ body }: RateLimitedRequest) =>
  (body as { email?: unknown } | undefined)?.email;

/** Beyond RealWorld: sessions, email verification and password reset. */
@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly accessTokens: AccessTokensService,
    private readonly accountEmails: AccountEmailsService,
  ) {}

  /** Revokes the token this request presents. */
  @AllowUnverified()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: revoke the token this request presents' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiToken()
  async logout(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.accessTokens.revoke(authenticated(request).tokenId);
  }

  /** Revokes every token of the user, this one included. */
  @AllowUnverified()
  @Post('logout-all')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out everywhere: revoke every token of the user, this one included',
  })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiToken()
  async logoutAll(@Req() request: AuthenticatedRequest): Promise<void> {
    await this.accessTokens.revokeAll(authenticated(request).user.id);
  }

  @Public()
  @RateLimit({ action: 'mail', account: bodyEmail })
  @Post('verify/request')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a new verification link to an unverified account' })
  @ApiAcceptedResponse({ description: 'Accepted, whether or not such an account exists' })
  @ApiErrors(422, 429)
  async requestVerification(@Body() body: AccountEmailDto): Promise<void> {
    await this.accountEmails.requestVerification(body.email);
  }

  @Public()
  @Post('verify')
  @HttpCode(204)
  @ApiOperation({ summary: 'Confirm an email address with the token of the mailed link' })
  @ApiNoContentResponse({ description: 'Verified' })
  @ApiErrors(400, 422)
  async verify(@Body() body: OneTimeTokenDto): Promise<void> {
    await this.accountEmails.verify(body.token);
  }

  @Public()
  @RateLimit({ action: 'mail', account: bodyEmail })
  @Post('forgot-password')
  @HttpCode(202)
  @ApiOperation({ summary: 'Mail a password-reset link' })
  @ApiAcceptedResponse({ description: 'Accepted, whether or not such an account exists' })
  @ApiErrors(422, 429)
  async forgotPassword(@Body() body: AccountEmailDto): Promise<void> {
    await this.accountEmails.forgotPassword(body.email);
  }

  @Public()
  @Post('reset-password')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Choose a new password with the token of the mailed link; signs out everywhere',
  })
  @ApiNoContentResponse({ description: 'Password changed' })
  @ApiErrors(400, 422)
  async resetPassword(@Body() body: ResetPasswordDto): Promise<void> {
    await this.accountEmails.resetPassword(body.token, body.password);
  }
}
