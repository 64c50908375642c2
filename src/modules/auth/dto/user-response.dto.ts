/** RealWorld's User: the account as its owner sees it, with the token to use next. */
export interface UserView {
  email: string;
  token: string;
  username: string;
  bio: string | null;
  image: string | null;
}

export interface UserResponse {
  user: UserView;
}
