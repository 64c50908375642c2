/** The authenticated reader of a request, as other modules see them. */
export interface AuthUser {
  id: number;
  username: string;
  email: string;
  isSuperuser: boolean;
  isVerified: boolean;
}
