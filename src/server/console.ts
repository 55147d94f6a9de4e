import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { DEMO_TOKENS } from '../cli/demo-network';
import type { Config } from './config';

/**
 * The console (README, "Console"): GraphiQL and a few pages in French for the people of the network, served by the
 * hub itself from files in the package (console/ and node_modules), so that it works on a network without internet.
 */

/** The French pages: path under /console, title, and the label of the navigation. */
export const CONSOLE_PAGES = [
  { path: '', title: 'Accueil' },
  { path: 'seances', title: 'Mes séances à venir' },
  { path: 'orientations', title: 'Orientations à traiter' },
  { path: 'direct', title: 'Offres en direct' },
  { path: 'compte', title: 'Mon compte' },
  { path: 'indicateurs', title: 'Indicateurs' },
] as const;

/** Directory of a package's files (some packages export no package.json: found from their main file). */
function packageDir(name: string): string {
  try {
    return path.dirname(require.resolve(`${name}/package.json`));
  } catch {
    const main = require.resolve(name);
    return main.slice(0, main.lastIndexOf(`${path.sep}node_modules${path.sep}${name}${path.sep}`) + `/node_modules/${name}`.length);
  }
}

/** The browser files taken from node_modules, by the name they are served under /console/vendor/: nothing else is. */
function vendorFiles(): Record<string, string> {
  return {
    'react.js': path.join(packageDir('react'), 'umd/react.production.min.js'),
    'react-dom.js': path.join(packageDir('react-dom'), 'umd/react-dom.production.min.js'),
    'graphiql.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
    'graphiql.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
    'graphql-ws.js': path.join(packageDir('graphql-ws'), 'umd/graphql-ws.min.js'),
    'preact.mjs': path.join(packageDir('preact'), 'dist/preact.mjs'),
    'hooks.mjs': path.join(packageDir('preact'), 'hooks/dist/hooks.mjs'),
    'htm.mjs': path.join(packageDir('htm'), 'dist/htm.mjs'),
    // Chart.js's UMD build: one self-contained file (its ESM build imports chunks and @kurkle/color by bare name).
    'chart.js': path.join(packageDir('chart.js'), 'dist/chart.umd.min.js'),
  };
}

/** The package root: the folder holding console/, found upwards from here (src/server or dist/src/server). */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'console', 'pages.js'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`the console's files (console/pages.js) are not above ${__dirname}`);
  }
}

/** The operations of schema/examples/*.graphql, offered in GraphiQL's "Exemples" panel. */
function examples(root: string): { name: string; source: string }[] {
  const dir = path.join(root, 'schema', 'examples');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => ({ name: f.replace(/\.graphql$/, ''), source: fs.readFileSync(path.join(dir, f), 'utf8') }));
}

const IMPORT_MAP = JSON.stringify({ imports: { preact: '/console/vendor/preact.mjs', 'preact/hooks': '/console/vendor/hooks.mjs', htm: '/console/vendor/htm.mjs' } });
const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
/**
 * Only the hub's own files run: the one inline script is the import map (allowed by its hash). Inline styles are
 * allowed for GraphiQL's editors, which set them.
 */
const CSP = [
  "default-src 'self'",
  `script-src 'self' ${sha256(IMPORT_MAP)}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function shell(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Relais</title>
${head}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The classic scripts a page needs besides the shared ones: Chart.js (window.Chart) on the indicators page only. */
const PAGE_SCRIPTS: Partial<Record<(typeof CONSOLE_PAGES)[number]['path'], string[]>> = { indicateurs: ['/console/vendor/chart.js'] };

const pageHtml = (title: string, scripts: string[] = []) =>
  shell(
    title,
    `<div id="app"><p>Chargement…</p></div>
<noscript>Cette console a besoin de JavaScript.</noscript>`,
    `<link rel="stylesheet" href="/console/assets/console.css">
<script type="importmap">${IMPORT_MAP}</script>
<script src="/console/vendor/graphql-ws.js"></script>
${scripts.map((src) => `<script src="${src}"></script>\n`).join('')}<script type="module" src="/console/assets/pages.js"></script>`,
  );

const GRAPHIQL_HTML = shell(
  'Console GraphQL',
  `<div id="graphiql-bar"></div>
<div id="graphiql"><p>Chargement de GraphiQL…</p></div>
<script src="/console/vendor/react.js"></script>
<script src="/console/vendor/react-dom.js"></script>
<script src="/console/vendor/graphql-ws.js"></script>
<script src="/console/vendor/graphiql.js"></script>
<script src="/console/assets/graphiql-setup.js"></script>`,
  `<link rel="stylesheet" href="/console/vendor/graphiql.css">
<link rel="stylesheet" href="/console/assets/console.css">`,
);

/**
 * Mounts the console under /console, and sends a browser that opens GET /graphql (an HTML page asked, no query) to
 * GraphiQL instead of Apollo's landing page, which loads from a CDN (it is disabled in apollo.ts). Mounted before
 * POST /graphql. `authenticate` admits a request as POST /graphql does (token, rate limit), or throws.
 */
export function mountConsole(app: express.Express, options: { config: Config; schema: GraphQLSchema; authenticate: (req: express.Request) => Promise<unknown> }): void {
  const { config, schema, authenticate } = options;
  const root = packageRoot();
  const vendor = vendorFiles();
  const settings = {
    // The demo tokens are public (README), but offering them in production would invite their use there.
    demoTokens: config.production ? [] : DEMO_TOKENS.map((t) => ({ secret: t.secret, role: t.role, displayName: t.displayName, what: t.what })),
    examples: examples(root),
    pages: CONSOLE_PAGES,
  };
  app.get('/graphql', (req, res, next) => {
    if (req.query.query === undefined && req.accepts(['application/json', 'text/html']) === 'text/html') res.redirect(302, '/console/graphiql');
    else next();
  });
  const headers = (res: express.Response) => {
    res.setHeader('Content-Security-Policy', CSP);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
  };
  const router = express.Router();
  router.use((_req, res, next) => {
    headers(res);
    next();
  });
  router.get('/settings.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json(settings);
  });
  // GraphiQL's schema, as SDL, printed once: lighter than its introspection query (which the hub also answers,
  // within its own bound: execution-budget.ts), and the schema is no data. Given where introspection is, to a valid token.
  const sdl = printSchema(lexicographicSortSchema(schema));
  router.get('/schema.graphql', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    if (!config.introspection) {
      res.status(404).type('text').send('introspection is off (RELAIS_INTROSPECTION)');
      return;
    }
    try {
      await authenticate(req);
    } catch {
      res.status(401).type('text').send('a valid token is required (Authorization: Bearer ...)');
      return;
    }
    res.type('text/plain; charset=utf-8').send(sdl);
  });
  router.get('/graphiql', (_req, res) => {
    res.type('html').send(GRAPHIQL_HTML);
  });
  for (const page of CONSOLE_PAGES) {
    const html = pageHtml(page.title, PAGE_SCRIPTS[page.path]);
    router.get(`/${page.path}`, (_req, res) => {
      res.type('html').send(html);
    });
  }
  router.get('/vendor/:file', (req, res, next) => {
    const file = Object.hasOwn(vendor, req.params.file) ? vendor[req.params.file] : undefined;
    if (!file) {
      next();
      return;
    }
    res.sendFile(file, { maxAge: '1h' });
  });
  router.use('/assets', express.static(path.join(root, 'console'), { index: false, maxAge: 0 }));
  app.use('/console', router);
}
