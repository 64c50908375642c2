import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Matches, ValidateIf } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../password-hasher';
import { EmailField, PasswordField, UsernameField } from '../user-fields.decorator';
import { EchoedField } from '../../../common/echoed-field.decorator';
import { BLANK_OR_INVALID, NestedObject } from '../../../common/nested-object.decorator';
import { OptionalText } from '../../../common/optional-text.validator';

/** Absent fields stay as they are; email, username and password cannot be null, bio and image can. */
export class UserChanges {
  /** The user's answer sent back whole (a settings page's form): its token and account state, ignored. */
  @EchoedField()
  token?: unknown;

  @EchoedField()
  isVerified?: unknown;

  @EchoedField()
  role?: unknown;

  @EchoedField()
  isSuperuser?: unknown;

  @ApiPropertyOptional({ maxLength: 254 })
  @ValidateIf((o: UserChanges) => o.email !== undefined)
  @EmailField()
  email?: string;

  @ApiPropertyOptional({ maxLength: 64, pattern: '^[A-Za-z0-9_.-]+$' })
  @ValidateIf((o: UserChanges) => o.username !== undefined)
  @UsernameField()
  username?: string;

  @ApiPropertyOptional({
    description:
      'A new password signs out every other session. "" beside other fields is no change (a settings ' +
      'form sent whole, its password box left empty); "" alone is refused',
    minLength: PASSWORD_MIN_LENGTH,
    maxLength: PASSWORD_MAX_LENGTH,
  })
  @Transform(({ value, obj }: { value: unknown; obj: object }) =>
    value === '' && sentWhole(obj) ? undefined : value,
  )
  @ValidateIf((o: UserChanges) => o.password !== undefined)
  @PasswordField()
  password?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 10_000 })
  @OptionalText(10_000)
  bio?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'An http(s) URL' })
  // Registered bottom-up: the type and length first, then the form.
  @Matches(/^(https?:\/\/\S+)?$/i, { message: 'must be an http(s) URL' })
  @OptionalText(2048)
  image?: string | null;
}

/**
 * Whether the changes are a settings form sent whole: RealWorld's Angular and Svelte settings pages
 * send every field, the password box as it is (empty when left alone). An empty password sent with
 * nothing else can only mean "set this password", which RealWorld's suite expects refused.
 */
function sentWhole(changes: object): boolean {
  return Object.keys(changes).some((field) => field !== 'password');
}

export class UpdateUserDto {
  @NestedObject(UserChanges, BLANK_OR_INVALID)
  user: UserChanges;
}
