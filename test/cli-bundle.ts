import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Inside the project, so the packages left out of the bundle resolve from its node_modules. */
const CACHE = join(ROOT, 'node_modules', '.cache', 'channeldesk-cli');

/**
 * Left out of the bundle: native addons, and packages that find files next to their own code
 * (__dirname: the API docs' static files, pino's worker threads).
 */
const EXTERNAL = [
  'better-sqlite3',
  'argon2',
  'pg-native',
  '@fastify/swagger',
  '@fastify/swagger-ui',
  'pino',
  'thread-stream',
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.includes('.test.') ? [] : [path];
  });
}

/** Changes with any server or shared source and with the installed packages. */
function sourceKey(): string {
  const hash = createHash('sha256');
  const files = [
    ...sourceFiles(join(ROOT, 'src', 'server')),
    ...sourceFiles(join(ROOT, 'src', 'shared')),
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const file of files) hash.update(file).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

let built: Promise<string> | undefined;

/**
 * `channeldesk` as one JavaScript file, for tests that start the CLI or the server many times.
 * bin/channeldesk.mjs runs the sources through tsx's loader, which on a busy two-core machine
 * costs seconds per start (`--help`: 3–6 s against 0.6–0.8 s bundled); the bundle is the same
 * sources, built once per source state and kept in node_modules/.cache. Each source file keeps its
 * own import.meta.url, so the paths it resolves (the invoice render worker, assets/, dist/web) are
 * the ones it has when run through tsx.
 */
export function bundledCli(): Promise<string> {
  built ??= (async () => {
    const key = sourceKey();
    const file = join(CACHE, key, 'channeldesk.mjs');
    if (existsSync(file)) return file;
    // Built beside and renamed into place, so a test file bundling at the same time never reads half a file.
    const partial = join(CACHE, `${key}.${process.pid}.partial`);
    await build({
      entryPoints: [join(ROOT, 'src', 'server', 'cli.ts')],
      outfile: join(partial, 'channeldesk.mjs'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: EXTERNAL,
      // CommonJS packages inside an ES module bundle still call require().
      banner: {
        js: "import { createRequire as $createRequire } from 'node:module'; const require = $createRequire(import.meta.url);",
      },
      logLevel: 'warning',
      plugins: [
        {
          name: 'source-import-meta-url',
          setup(esbuild) {
            esbuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => ({
              contents: (await readFile(args.path, 'utf8')).replaceAll(
                'import.meta.url',
                JSON.stringify(pathToFileURL(args.path).href),
              ),
              loader: 'ts',
            }));
          },
        },
      ],
    });
    mkdirSync(CACHE, { recursive: true });
    try {
      renameSync(partial, join(CACHE, key));
    } catch {
      // Another test file finished the same bundle first.
      rmSync(partial, { recursive: true, force: true });
    }
    pruneOldBundles(key);
    return file;
  })();
  return built;
}

/** Bundles of earlier source states, once no run can still be using them. */
function pruneOldBundles(current: string): void {
  const hourAgo = Date.now() - 3_600_000;
  for (const name of readdirSync(CACHE)) {
    const path = join(CACHE, name);
    if (name !== current && statSync(path).mtimeMs < hourAgo) rmSync(path, { recursive: true, force: true });
  }
}
