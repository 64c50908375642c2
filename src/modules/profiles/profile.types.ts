/** A user as others see them (RealWorld's Profile). */
export interface Profile {
  username: string;
  bio: string | null;
  image: string | null;
  following: boolean;
}
