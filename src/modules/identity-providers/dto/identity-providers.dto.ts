import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

const BLANK = { message: "can't be blank" };

export class ProviderView {
  @ApiProperty({ example: 'keycloak', description: 'The name in Folio’s addresses' })
  name: string;

  @ApiProperty({ example: 'Keycloak', description: 'What a "Continue with …" button says' })
  displayName: string;
}

export class ProvidersResponse {
  @ApiProperty({ type: [ProviderView] })
  providers: ProviderView[];
}

/** Where the web app wants the browser back after the provider (a path of the app). */
export class AuthorizeQueryDto {
  @ApiPropertyOptional({ example: '/settings', maxLength: 2048 })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  returnTo?: string;
}

/** The one-time code of the web app's callback page. */
export class ExchangeCodeDto {
  @ApiProperty({
    description: 'The `code` the callback put in the web app’s address',
    maxLength: 256,
  })
  @IsString(BLANK)
  @IsNotEmpty(BLANK)
  @MaxLength(256, { message: 'is invalid or expired' })
  code: string;
}

export class AuthorizationUrlResponse {
  @ApiProperty({ description: 'The provider’s authorization URL: send the browser there' })
  url: string;
}

export class LinkedIdentityView {
  @ApiProperty({ example: 'github' })
  provider: string;

  @ApiProperty({ example: 'GitHub' })
  displayName: string;

  @ApiProperty({ type: String, nullable: true, description: 'The email the provider gave' })
  email: string | null;

  @ApiProperty()
  createdAt: Date;
}

export class LinkedIdentitiesResponse {
  @ApiProperty({ type: [LinkedIdentityView] })
  identities: LinkedIdentityView[];

  @ApiProperty({ description: 'Whether the user can also sign in with a password' })
  hasPassword: boolean;
}
