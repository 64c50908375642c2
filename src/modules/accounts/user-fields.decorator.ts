import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { normalizedEmail } from '../../common/email-address';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-hasher';

const BLANK = { message: "can't be blank" };

/** Missing is "can't be blank"; a value of another type (a number, true, a list) says so. */
const STRING = {
  message: ({ value }: ValidationArguments) =>
    value === undefined || value === null ? "can't be blank" : 'must be a string',
};

/**
 * Every email a request brings (registration, settings, sign-in, the mailed-link requests, the
 * newsletter, invitations) as Folio keeps it: trimmed (`"jake@example.com "` from a phone's autofill
 * is `jake@example.com`) and composed (NFC), before any rule checks it (normalizedEmail).
 */
export const NormalizedEmail = () =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? normalizedEmail(value) : value,
  );

/** The rules of each user field, shared by registration, update and reset. */
export const EmailField = () =>
  applyDecorators(
    NormalizedEmail(),
    IsString(STRING),
    IsNotEmpty(BLANK),
    MaxLength(254, { message: 'is too long (maximum is 254 characters)' }),
    IsEmail({}, { message: 'is invalid' }),
  );

/**
 * Names that mean something else where a username goes, in any case: `me` is the reader in
 * `?author=me`; `.` and `..` are path segments that URLs resolve away (`/api/profiles/..` is `/api`);
 * `null` and `undefined` are what a client sends for a missing value, and would reach a real person.
 * Nothing else is reserved: `admin` is the default FIRST_SUPERUSER_USERNAME.
 */
export const RESERVED_USERNAMES: ReadonlySet<string> = new Set([
  'me',
  '.',
  '..',
  'null',
  'undefined',
]);

const NotReservedUsername = () =>
  ValidateBy({
    name: 'notReservedUsername',
    validator: {
      validate: (value: unknown) =>
        typeof value !== 'string' || !RESERVED_USERNAMES.has(value.toLowerCase()),
      defaultMessage: () => 'is reserved',
    },
  });

/** Checked in this order, stopping at the first failure. */
export const UsernameField = () =>
  applyDecorators(
    IsString(STRING),
    IsNotEmpty(BLANK),
    MaxLength(64, { message: 'is too long (maximum is 64 characters)' }),
    Matches(/^[A-Za-z0-9_.-]+$/, {
      message: 'may only hold Latin letters (A-Z, a-z), digits, _ . and -',
    }),
    NotReservedUsername(),
  );

export const PasswordField = () =>
  applyDecorators(
    IsString(STRING),
    IsNotEmpty(BLANK),
    MinLength(PASSWORD_MIN_LENGTH, {
      message: `is too short (minimum is ${PASSWORD_MIN_LENGTH} characters)`,
    }),
    MaxLength(PASSWORD_MAX_LENGTH, {
      message: `is too long (maximum is ${PASSWORD_MAX_LENGTH} characters)`,
    }),
  );

/**
 * A required string of at most `maxLength` characters: a missing or empty one is "can't be blank",
 * checked before its length (the rules run in this order, stopping at the first failure).
 */
export const RequiredString = (
  maxLength: number,
  tooLong = `is too long (maximum is ${maxLength} characters)`,
) =>
  applyDecorators(IsString(STRING), IsNotEmpty(BLANK), MaxLength(maxLength, { message: tooLong }));
