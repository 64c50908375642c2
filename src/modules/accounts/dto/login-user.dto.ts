import { ApiProperty } from '@nestjs/swagger';
import { NormalizedEmail, RequiredString } from '../user-fields.decorator';
import { BLANK_OR_INVALID, NestedObject } from '../../../common/nested-object.decorator';

export class LoginCredentials {
  @ApiProperty({ example: 'jake@jake.jake', maxLength: 254 })
  @NormalizedEmail()
  @RequiredString(254)
  email: string;

  // No length rules at login: a wrong password is "credentials invalid", whatever its length.
  @ApiProperty({ example: 'jakejakejake' })
  @RequiredString(1024, 'is too long')
  password: string;
}

export class LoginUserDto {
  @NestedObject(LoginCredentials, BLANK_OR_INVALID)
  user: LoginCredentials;
}
