import { AuthUser } from './auth-user.types';

/** What the auth guard leaves on the request for decorators and controllers. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  ip: string;
  body?: unknown;
  authUser?: AuthUser;
  /** The raw token the request presented, when valid; needed to echo it and to log out. */
  authToken?: string;
  authTokenId?: number;
}
