import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-hasher';
import { EmailField, PasswordField, UsernameField } from '../user-fields.decorator';
import { BLANK_OR_INVALID, NestedObject } from '../../../common/nested-object.decorator';

export class NewUser {
  @ApiProperty({ example: 'jake', maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
  @UsernameField()
  username: string;

  @ApiProperty({ example: 'jake@jake.jake', maxLength: 254 })
  @EmailField()
  email: string;

  @ApiProperty({
    example: 'jakejakejake',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @PasswordField()
  password: string;
}

export class RegisterUserDto {
  @NestedObject(NewUser, BLANK_OR_INVALID)
  user: NewUser;
}
