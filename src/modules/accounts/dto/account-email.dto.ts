import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-hasher';
import { NormalizedEmail, PasswordField, RequiredString } from '../user-fields.decorator';

/** `{ email }` for verify/request and forgot-password; any well-formed string gets a 202. */
export class AccountEmailDto {
  @ApiProperty({ example: 'jake@jake.jake', maxLength: 254 })
  @NormalizedEmail()
  @RequiredString(254)
  email: string;
}

/** The token of a mailed link (the `token` of its query string). */
export class OneTimeTokenDto {
  @ApiProperty({ description: 'The token of the mailed link', maxLength: 256 })
  @RequiredString(256, 'is invalid')
  token: string;
}

export class ResetPasswordDto extends OneTimeTokenDto {
  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH })
  @PasswordField()
  password: string;
}
