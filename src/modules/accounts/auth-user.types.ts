import type { Role } from './staff-roles.types';

/** The authenticated reader of a request, as other modules see them. */
export interface AuthUser {
  id: number;
  username: string;
  email: string;
  /** The staff role, null for a reader: read with the token, in the same statement. */
  role: Role;
  isVerified: boolean;
}
