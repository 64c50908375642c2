import type { AppConfig } from './config/app-config';
import { isRemoteHttp } from './config/remote-http';

/**
 * What a production start can run without but a blog should not: said once, at start, in the log a
 * supervisor shows. (Refusing would stop a blog that sends no mail on purpose.)
 */
export function productionWarnings(config: AppConfig, env: NodeJS.ProcessEnv): string[] {
  if (config.nodeEnv !== 'production') return [];
  const warnings: string[] = [];
  if (!env.APP_URL?.trim()) {
    warnings.push(
      `APP_URL is not set: feeds, the sitemap, page heads and mailed links point at ${config.auth.appUrl}; set it to the blog's public address`,
    );
  }
  if (env.APP_URL?.trim() && isRemoteHttp(new URL(config.auth.appUrl))) {
    warnings.push(
      `APP_URL is not https: mailed sign-in links, feeds and page heads send readers to ${config.auth.appUrl} unencrypted; serve the blog over https (a proxy in front) and set APP_URL to that address`,
    );
  }
  if (!config.auth.smtpUrl) {
    warnings.push(
      'SMTP_URL is not set: no mail is sent (verification, password reset); set it to an SMTP server',
    );
  }
  return warnings;
}
