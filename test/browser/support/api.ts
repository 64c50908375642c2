import { BASE_URL, SUPERUSER } from './folio-process';

/** Direct API calls that set up what a test needs, so each browser flow stands on its own. */
export async function call<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Token ${token}`;
  const response = await fetch(`${BASE_URL}/api${path}`, {
    method,
    headers,
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

let counter = 0;
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export interface TestUser {
  username: string;
  email: string;
  password: string;
  token: string;
}

export async function createUser(prefix = 'user'): Promise<TestUser> {
  const username = uniqueName(prefix);
  const user = { username, email: `${username}@folio.test`, password: 'password-1234' };
  const res = await call<{ user: { token: string } }>('POST', '/users', { user });
  if (res.status !== 201)
    throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, token: res.body.user.token };
}

export async function login(email: string, password: string) {
  return call<{ user: { token: string } }>('POST', '/users/login', { user: { email, password } });
}

/** Gives `user` a staff role as an administrator does on the users page: PATCH /admin/users/:id. */
export async function giveRole(
  user: TestUser,
  role: 'contributor' | 'author' | 'editor' | 'administrator',
): Promise<void> {
  const admin = (await login(SUPERUSER.email, SUPERUSER.password)).body.user.token;
  const found = await call<{ users: { id: number; username: string }[] }>(
    'GET',
    `/admin/users?username=${encodeURIComponent(user.username)}`,
    undefined,
    admin,
  );
  const id = found.body.users.find((listed) => listed.username === user.username)?.id;
  if (id === undefined) throw new Error(`${user.username} is not in the users list`);
  const res = await call('PATCH', `/admin/users/${id}`, { user: { role } }, admin);
  if (res.status !== 200) throw new Error(`role failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function createArticle(
  author: TestUser,
  article: {
    title: string;
    description?: string;
    body?: string;
    tagList?: string[];
    category?: string;
    status?: 'draft' | 'published';
  },
): Promise<{ slug: string; title: string; publishedAt: string }> {
  const res = await call<{ article: { slug: string; title: string; publishedAt: string } }>(
    'POST',
    '/articles',
    { article: { description: 'About it', body: 'Some **text**.', tagList: [], ...article } },
    author.token,
  );
  if (res.status !== 201)
    throw new Error(`article failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.article;
}
