/** The site's public addresses, absolute from its public URL (APP_URL), as the web app routes them. */
export class SiteUrls {
  constructor(readonly base: string) {}

  home(): string {
    return `${this.base}/`;
  }

  article(slug: string): string {
    return `${this.base}/article/${encodeURIComponent(slug)}`;
  }

  page(slug: string): string {
    return `${this.base}/page/${encodeURIComponent(slug)}`;
  }

  profile(username: string): string {
    return `${this.base}/profile/${encodeURIComponent(username)}`;
  }

  tag(name: string): string {
    return `${this.base}/tag/${encodeURIComponent(name)}`;
  }

  category(slug: string): string {
    return `${this.base}/category/${encodeURIComponent(slug)}`;
  }

  /** Where a root file is served: `sitemap.xml`, `rss.xml`. */
  file(name: string): string {
    return `${this.base}/${name}`;
  }
}
