/**
 * `npm run test:one-server`: the one-server set-up of docs/one-server.md, built on this machine from its
 * reference files (docs/deploy/folio.service, folio.env, nginx-folio.conf) and real parts on loopback: a
 * PostgreSQL of its own with a password, the built app started as the unit starts it, nginx on the
 * reference server blocks with a self-signed certificate. The checks go through nginx as a reader's
 * browser does. Prints each check and a last `N passed, N failed` line; exits non-zero on a failure.
 * Everything it started is stopped at the end, on failure, and on Ctrl-C.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { ClusterReport, runToExit, seconds } from '../cluster/cluster-report';
import {
  killNow,
  LaunchedFolio,
  launchFolio,
  waitForAnswer,
  waitForExit,
} from '../support/launched-process';
import { OwnedDatabase } from '../support/owned-database';
import { tempFolderForPostgres } from '../support/temp-folder';
import { testPort } from '../support/test-port';
import { NginxServer } from './nginx';
import { ENV_FILE, readEnvironmentFile, readServiceUnit } from './service-unit';
import { OneServerClient } from './one-server-client';

const ROOT = join(__dirname, '..', '..');
/** The per-IP login limit for this run: low, so that a few tries reach it. */
const LOGIN_PER_IP = 4;

async function main(): Promise<number> {
  for (const built of ['dist/src/main.js', 'apps/web/dist/spa/index.html']) {
    if (!existsSync(join(ROOT, built))) {
      console.error(`${built} is missing: run npm run build (npm run test:one-server does)`);
      return 1;
    }
  }
  const report = new ClusterReport('one-server');
  const folder = tempFolderForPostgres('folio-one-server-');
  let database: OwnedDatabase | undefined;
  let folio: LaunchedFolio | undefined;
  let nginx: NginxServer | undefined;
  const killAll = () => {
    killNow(folio?.child);
    nginx?.kill();
  };
  process.once('exit', killAll);
  const abort = (signal: NodeJS.Signals) => {
    console.error(`${signal}: stopping`);
    process.exit(130);
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  const started = performance.now();
  const unit = readServiceUnit();
  const settings = readEnvironmentFile(readFileSync(ENV_FILE, 'utf8'));
  const site = new URL(settings.APP_URL);
  const admin = {
    email: settings.FIRST_SUPERUSER_EMAIL,
    password: randomBytes(12).toString('hex'),
  };
  let client: OneServerClient | undefined;
  try {
    const ready = await report.check(
      'start PostgreSQL, Folio as the unit runs it, nginx',
      async () => {
        database = await OwnedDatabase.start();
        const password = randomBytes(18).toString('hex');
        await database.query(`CREATE ROLE blogger LOGIN PASSWORD '${password}'`);
        await database.query('CREATE DATABASE blog OWNER blogger');
        const databaseUrl = new URL(database.url);
        Object.assign(databaseUrl, { username: 'blogger', password, pathname: '/blog' });

        const folioPort = await testPort();
        const [node, ...args] = unit.command;
        assert.match(node, /\/node$/, `ExecStart runs ${node}, not node`);
        // As systemd: Environment= first, the EnvironmentFile over it. Changed: where things are, the
        // first administrator's password, the login limit; no SMTP server here (mails are logged).
        const { SMTP_URL: _noSmtp, ...fromFile } = settings;
        folio = launchFolio([process.execPath, ...args], {
          cwd: ROOT,
          env: {
            ...unit.environment,
            ...fromFile,
            DATABASE_URL: databaseUrl.href,
            PORT: String(folioPort),
            MEDIA_DIR: join(folder, 'media'),
            FIRST_SUPERUSER_PASSWORD: admin.password,
            AUTH_RATE_LIMIT_LOGIN_PER_IP: String(LOGIN_PER_IP),
          },
        });
        const child = folio.child;
        await waitForAnswer(
          `http://127.0.0.1:${folioPort}/health/ready`,
          (response) => Promise.resolve(response.ok),
          child,
          90_000,
          () => folio?.log() ?? '',
        );
        report.figure(
          'Folio ready (migrations applied, administrator created) in',
          seconds(performance.now() - started),
        );

        const certificate = join(folder, 'cert.pem');
        const key = join(folder, 'key.pem');
        execFileSync(
          'openssl',
          [
            'req',
            '-x509',
            '-newkey',
            'rsa:2048',
            '-nodes',
            '-days',
            '1',
            '-subj',
            `/CN=${site.hostname}`,
            '-addext',
            `subjectAltName=DNS:${site.hostname}`,
            '-keyout',
            key,
            '-out',
            certificate,
          ],
          { stdio: 'pipe' },
        );
        const webroot = join(folder, 'letsencrypt');
        mkdirSync(join(webroot, '.well-known', 'acme-challenge'), { recursive: true, mode: 0o755 });
        const places = {
          httpPort: await testPort(),
          httpsPort: await testPort(),
          folioPort,
          certificate,
          key,
          webroot,
        };
        nginx = await NginxServer.start(folder, places);
        client = new OneServerClient(
          site.hostname,
          places.httpPort,
          places.httpsPort,
          readFileSync(certificate),
        );
      },
    );
    if (ready && client) {
      const c = client;
      await report.check(
        "plain HTTP answers a 301 to HTTPS, but for certbot's challenge",
        async () => {
          const moved = await c.http('GET', '/article/some-story?ref=mail');
          assert.equal(moved.status, 301);
          assert.equal(
            moved.headers.location,
            `https://${site.hostname}/article/some-story?ref=mail`,
          );
          const token = randomBytes(8).toString('hex');
          writeFileSync(
            join(folder, 'letsencrypt', '.well-known', 'acme-challenge', token),
            `${token}.key`,
            {
              mode: 0o644,
            },
          );
          const challenge = await c.http('GET', `/.well-known/acme-challenge/${token}`);
          assert.equal(challenge.status, 200);
          assert.equal(challenge.body.toString(), `${token}.key`);
        },
      );

      await report.check(
        'HTTPS (certificate verified) serves the site, the API and health',
        async () => {
          const home = await c.https('GET', '/');
          assert.equal(home.status, 200, home.body.toString());
          assert.match(String(home.headers['content-type']), /^text\/html/);
          const articles = await c.https('GET', '/api/articles');
          assert.equal(articles.status, 200);
          const list = articles.json() as { articles: unknown[]; articlesCount: number };
          assert.ok(
            Array.isArray(list.articles) && list.articlesCount === 0,
            articles.body.toString(),
          );
          assert.match(String(articles.headers['strict-transport-security']), /max-age=\d+/);
          const health = await c.https('GET', '/health/ready');
          assert.equal(health.status, 200);
          report.figure('TLS', `${home.tls}, verified for ${site.hostname}`);
        },
      );

      let token = '';
      await report.check(
        'the administrator signs in and publishes; links use APP_URL',
        async () => {
          const login = await c.https('POST', '/api/users/login', { user: admin });
          assert.equal(login.status, 200, login.body.toString());
          token = (login.json() as { user: { token: string } }).user.token;
          const created = await c.https(
            'POST',
            '/api/articles',
            {
              article: {
                title: 'Hello from one server',
                description: 'First',
                body: 'It *works*.',
                tagList: [],
              },
            },
            token,
          );
          assert.equal(created.status, 201, created.body.toString());
          const { slug } = (created.json() as { article: { slug: string } }).article;
          const page = await c.https('GET', `/article/${slug}`);
          assert.equal(page.status, 200);
          assert.ok(
            page.body
              .toString()
              .includes(`<link rel="canonical" href="${site.origin}/article/${slug}"`),
            'the page names its APP_URL address as canonical',
          );
          const feed = await c.https('GET', '/rss.xml');
          assert.ok(
            feed.body.toString().includes(`${site.origin}/article/${slug}`),
            'the feed links the article',
          );
        },
      );

      await report.check('a 3 MB image upload gets through nginx', async () => {
        const side = 1000;
        const noise = await sharp(randomBytes(side * side * 3), {
          raw: { width: side, height: side, channels: 3 },
        })
          .png({ compressionLevel: 0 })
          .toBuffer();
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(noise)], { type: 'image/png' }), 'noise.png');
        const upload = await c.upload('/api/media', form, token);
        assert.equal(upload.status, 201, upload.body.toString());
        report.figure('uploaded through nginx', `${(noise.length / 1e6).toFixed(1)} MB PNG, 201`);
      });

      await report.check('JSON comes gzip-compressed', async () => {
        const answer = await c.https('GET', '/api/articles', undefined, undefined, {
          'accept-encoding': 'gzip',
        });
        assert.equal(answer.status, 200);
        assert.equal(answer.headers['content-encoding'], 'gzip');
        const json = JSON.parse(gunzipSync(answer.body).toString()) as { articlesCount: number };
        assert.equal(json.articlesCount, 1);
      });

      await report.check(
        'the per-IP login limit counts the client, whatever X-Forwarded-For it sends',
        async () => {
          const statuses: number[] = [];
          for (let i = 1; i <= LOGIN_PER_IP + 1; i++) {
            const answer = await c.https(
              'POST',
              '/api/users/login',
              { user: { email: `nobody${i}@example.com`, password: 'wrong password' } },
              undefined,
              { 'x-forwarded-for': `203.0.113.${i}` },
            );
            statuses.push(answer.status);
          }
          // The administrator's sign-in above counted too: the limit is reached by the last try at the latest.
          assert.equal(statuses.at(-1), 429, `statuses: ${statuses.join(', ')}`);
          assert.ok(statuses.every((status) => status === 401 || status === 422 || status === 429));
          report.figure(
            'logins from one client with a new X-Forwarded-For each',
            statuses.join(', '),
          );
        },
      );

      await report.check(
        `systemctl stop: ${unit.killSignal} ends Folio with exit code 0`,
        async () => {
          const child = folio?.child;
          assert.ok(child);
          const asked = performance.now();
          child.kill(unit.killSignal);
          const code = await waitForExit(child, unit.timeoutStopMs);
          assert.equal(code, 0, folio?.log());
          report.figure(
            'stopped in',
            `${seconds(performance.now() - asked)} (TimeoutStopSec ${unit.timeoutStopMs / 1000} s)`,
          );
        },
      );
    }
    if (!report.ok) {
      console.log(`\n=== Folio's last output\n${folio?.log() ?? ''}`);
      console.log(`\n=== nginx's last output\n${nginx?.log() ?? ''}`);
    }
  } finally {
    await nginx?.stop();
    killNow(folio?.child);
    await database?.dispose();
    rmSync(folder, { recursive: true, force: true });
  }
  return report.finish(started);
}

runToExit('one-server test', main);
