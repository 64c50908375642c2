import { Type } from 'class-transformer';
import { IsDefined, IsObject, ValidateNested } from 'class-validator';
import { EmailField, PasswordField, UsernameField } from './user-fields';

export class NewUser {
  @UsernameField()
  username: string;

  @EmailField()
  email: string;

  @PasswordField()
  password: string;
}

export class RegisterUserDto {
  @IsDefined({ message: "can't be blank" })
  @IsObject({ message: 'is invalid' })
  @ValidateNested()
  @Type(() => NewUser)
  user: NewUser;
}
