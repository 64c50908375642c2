import type { Role } from './staff-roles.types';

/** An account as the other modules see it: everything but the password hash, which never leaves accounts. */
export interface Account {
  id: number;
  email: string;
  username: string;
  bio: string | null;
  image: string | null;
  isActive: boolean;
  isVerified: boolean;
  role: Role;
  /** False for an invited person who has not chosen one yet, and an identity provider's account. */
  hasPassword: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A person an administrator invites: an account with no password, and a mailed link to choose one. */
export interface Invitation {
  email: string;
  /** Made from the email when absent. */
  username?: string;
  role: Role;
}

/** Substring filters (any case, % and _ literal) and flags; absent ones match every account. */
export interface AccountFilter {
  email?: string;
  username?: string;
  isActive?: boolean;
  isVerified?: boolean;
}

/** The flags and the role an administrator sets; absent ones stay as they are. */
export interface AccountFlags {
  isActive?: boolean;
  isVerified?: boolean;
  role?: Role;
}
