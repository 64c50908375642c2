import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectOutput, isListening, killNow, stopGently } from '../support/launched-process';

/** The reference configuration the guide installs as /etc/nginx/conf.d/folio.conf. */
export const REFERENCE_CONFIG = join(__dirname, '..', '..', 'docs', 'deploy', 'nginx-folio.conf');

export interface NginxPlaces {
  httpPort: number;
  httpsPort: number;
  folioPort: number;
  certificate: string;
  key: string;
  /** certbot's webroot. */
  webroot: string;
}

/**
 * The reference server blocks on loopback: their `listen` lines become these ports (IPv4 only), the
 * upstream this Folio, the certificate and webroot these files. Everything else is the file's.
 */
export function loopbackConfig(reference: string, places: NginxPlaces): string {
  const replaced = { listen80: 0, listen443: 0, upstream: 0, certificate: 0, key: 0, webroot: 0 };
  const lines = reference.split('\n').flatMap((line) => {
    const indent = /^\s*/.exec(line)?.[0] ?? '';
    if (/^\s*listen \[::\]/.test(line)) return [];
    if (/^\s*listen 80;/.test(line)) {
      replaced.listen80++;
      return [`${indent}listen 127.0.0.1:${places.httpPort};`];
    }
    if (/^\s*listen 443 /.test(line)) {
      replaced.listen443++;
      return [line.replace('listen 443 ', `listen 127.0.0.1:${places.httpsPort} `)];
    }
    if (/^\s*server 127\.0\.0\.1:\d+/.test(line)) {
      replaced.upstream++;
      return [line.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${places.folioPort}`)];
    }
    if (/^\s*ssl_certificate /.test(line)) {
      replaced.certificate++;
      return [`${indent}ssl_certificate ${places.certificate};`];
    }
    if (/^\s*ssl_certificate_key /.test(line)) {
      replaced.key++;
      return [`${indent}ssl_certificate_key ${places.key};`];
    }
    if (/^\s*root /.test(line)) {
      replaced.webroot++;
      return [`${indent}root ${places.webroot};`];
    }
    return [line];
  });
  for (const [what, count] of Object.entries(replaced)) {
    if (count !== 1)
      throw new Error(`${REFERENCE_CONFIG}: expected one ${what} line, found ${count}`);
  }
  return lines.join('\n');
}

/** Debian's binary is in /usr/sbin, which a non-root PATH may lack. */
function findNginx(): string {
  for (const candidate of ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx']) {
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('nginx is not installed (Debian: apt-get install nginx)');
}

/** nginx (the Debian package's binary) in the foreground, with the reference server blocks. */
export class NginxServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly output: { stdout: string[]; stderr: string[] },
    private readonly folder: string,
  ) {}

  /** The main configuration around the server blocks: everything nginx writes stays in `folder`. */
  static async start(folder: string, places: NginxPlaces): Promise<NginxServer> {
    const binary = findNginx();
    // As root, nginx's workers run as nobody: they must enter the folder and write their temp files.
    chmodSync(folder, 0o755);
    mkdirSync(join(folder, 'logs'), { recursive: true });
    const servers = loopbackConfig(readFileSync(REFERENCE_CONFIG, 'utf8'), places);
    const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
      .map((name) => `    ${name}_temp_path ${join(folder, `${name}_temp`)};`)
      .join('\n');
    const config = join(folder, 'nginx.conf');
    writeFileSync(
      config,
      [
        'worker_processes 1;',
        `pid ${join(folder, 'nginx.pid')};`,
        `error_log ${join(folder, 'logs', 'error.log')} warn;`,
        'daemon off;',
        'events { worker_connections 256; }',
        'http {',
        `    access_log ${join(folder, 'logs', 'access.log')};`,
        temp,
        servers,
        '}',
        '',
      ].join('\n'),
    );
    const args = ['-p', folder, '-e', join(folder, 'logs', 'error.log'), '-c', config];
    execFileSync(binary, [...args, '-t', '-q'], { stdio: 'pipe' });
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new NginxServer(child, collectOutput(child), folder);
    const deadline = Date.now() + 10_000;
    while (!(await isListening(places.httpsPort)) || !(await isListening(places.httpPort))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        killNow(child);
        throw new Error(`nginx did not start:\n${server.log()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return server;
  }

  log(): string {
    const errors = join(this.folder, 'logs', 'error.log');
    const file = existsSync(errors) ? readFileSync(errors, 'utf8') : '';
    return [...this.output.stdout, ...this.output.stderr, file].join('').slice(-3000);
  }

  /** SIGTERM (nginx's fast stop); SIGKILL if it lingers. */
  stop(): Promise<void> {
    return stopGently(this.child, 5000);
  }

  kill(): void {
    killNow(this.child);
  }
}
