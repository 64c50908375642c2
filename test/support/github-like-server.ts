import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface GitHubLikeUser {
  id: number;
  login: string;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

interface IssuedCode {
  user: GitHubLikeUser;
  clientId: string;
  redirectUri: string;
  challenge: string;
  used: boolean;
}

/**
 * GitHub's OAuth 2.0 as Folio uses it, in the test process: /login/oauth/authorize (approves at once as
 * `signedIn`), /login/oauth/access_token (checks the client, the code, once, and PKCE), /user and
 * /user/emails with the token. No OpenID Connect, as on GitHub.
 */
export class GitHubLikeServer {
  signedIn: GitHubLikeUser | undefined;
  private readonly codes = new Map<string, IssuedCode>();
  private readonly tokens = new Map<string, GitHubLikeUser>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private readonly client: { id: string; secret: string },
  ) {}

  static async start(client: { id: string; secret: string }): Promise<GitHubLikeServer> {
    const holder: { self?: GitHubLikeServer } = {};
    const server = createServer((request, response) => {
      holder.self?.handle(request, response).catch((error: unknown) => {
        response.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    holder.self = new GitHubLikeServer(server, url, client);
    return holder.self;
  }

  /** The OAUTH_<NAME>_* settings that point Folio at this server. */
  settings(name: string): Record<string, string> {
    return {
      [`OAUTH_${name}_TYPE`]: 'github',
      [`OAUTH_${name}_CLIENT_ID`]: this.client.id,
      [`OAUTH_${name}_CLIENT_SECRET`]: this.client.secret,
      [`OAUTH_${name}_AUTHORIZATION_URL`]: `${this.url}/login/oauth/authorize`,
      [`OAUTH_${name}_TOKEN_URL`]: `${this.url}/login/oauth/access_token`,
      [`OAUTH_${name}_API_URL`]: this.url,
    };
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.url);
    const json = (status: number, body: unknown): void => {
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const query = url.searchParams;
      const redirectUri = query.get('redirect_uri') ?? '';
      if (query.get('client_id') !== this.client.id || !this.signedIn) return json(400, {});
      if (query.get('code_challenge_method') !== 'S256') return json(400, { error: 'pkce' });
      const code = randomBytes(10).toString('hex');
      this.codes.set(code, {
        user: this.signedIn,
        clientId: this.client.id,
        redirectUri,
        challenge: query.get('code_challenge') ?? '',
        used: false,
      });
      const target = new URL(redirectUri);
      target.searchParams.set('code', code);
      target.searchParams.set('state', query.get('state') ?? '');
      response.writeHead(302, { Location: target.href }).end();
      return;
    }
    if (request.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      const form = new URLSearchParams(await body(request));
      const issued = this.codes.get(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (
        form.get('client_id') !== this.client.id ||
        form.get('client_secret') !== this.client.secret ||
        !issued ||
        issued.used ||
        issued.redirectUri !== form.get('redirect_uri') ||
        issued.challenge !== challenge
      ) {
        return json(400, { error: 'bad_verification_code' });
      }
      issued.used = true;
      const token = `gho_${randomBytes(16).toString('hex')}`;
      this.tokens.set(token, issued.user);
      return json(200, {
        access_token: token,
        token_type: 'bearer',
        scope: 'read:user,user:email',
      });
    }
    const user = this.tokens.get((request.headers.authorization ?? '').replace(/^Bearer /i, ''));
    if (!user) return json(401, { message: 'Bad credentials' });
    if (url.pathname === '/user') return json(200, { id: user.id, login: user.login });
    if (url.pathname === '/user/emails') return json(200, user.emails);
    json(404, { message: 'Not Found' });
  }
}

function body(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString()));
    request.on('error', reject);
  });
}
