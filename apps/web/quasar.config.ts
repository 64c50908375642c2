// Quasar CLI (Vite) configuration: https://v2.quasar.dev/quasar-cli-vite/quasar-config-file
import { defineConfig } from '#q-app/wrappers';
import { precompressPlugin } from './build/precompress-plugin';
import { siteRoutesPlugin } from './build/site-routes-plugin';

export default defineConfig(() => ({
  boot: ['i18n', 'session'],
  css: ['app.scss'],
  // Fonts ship inside @quasar/extras and are bundled: the site loads nothing from a CDN.
  extras: ['roboto-font', 'material-icons'],
  build: {
    target: { browser: ['es2022', 'firefox115', 'chrome115', 'safari15'], node: 'node20' },
    typescript: { strict: true, vueShim: true },
    vueRouterMode: 'history',
    publicPath: '/',
    // routes.json for the server's 404s; .br and .gz beside each text file for @fastify/static.
    vitePlugins: [
      [siteRoutesPlugin, {}],
      [precompressPlugin, {}],
    ],
  },
  devServer: {
    port: 9000,
    open: false,
    // The markdown renderer is shared with the server (libs/markdown at the repository root).
    fs: { allow: ['.', '../../libs/markdown'] },
    // The API runs separately during development (npm run start:dev at the repository root).
    proxy: {
      '/api': { target: process.env.FOLIO_API_URL ?? 'http://127.0.0.1:3000', changeOrigin: true },
    },
  },
  framework: {
    config: { dark: 'auto' },
    lang: 'en-US',
    plugins: ['Notify', 'Dialog', 'Meta'],
  },
  animations: [],
}));
