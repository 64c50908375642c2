import { MaxLength } from 'class-validator';
import { PasswordField, RequiredString } from './user-fields';

/** `{ email }` for verify/request and forgot-password; any well-formed string gets a 202. */
export class AccountEmailDto {
  @RequiredString()
  @MaxLength(254, { message: 'is too long (maximum is 254 characters)' })
  email: string;
}

export class OneTimeTokenDto {
  @RequiredString()
  @MaxLength(256, { message: 'is invalid' })
  token: string;
}

export class ResetPasswordDto extends OneTimeTokenDto {
  @PasswordField()
  password: string;
}
