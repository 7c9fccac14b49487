// `npm start`: runs src/main.ts without a build step the user runs by hand, and without a TypeScript
// loader in the serving process. esbuild transpiles src/ and migrations/ (types stripped, one file
// each, no bundling) into node_modules/.cache/call-buddy/start/<key>/ in well under a second, once per
// change of the sources (the key hashes every file's path, size and mtime), and this process then
// imports the result. Against `node --import tsx src/main.ts` that saves the loader's thread and
// esbuild's service process (about 26 MB idle); the V8 flags in package.json's start script save the
// rest (see the README's Benchmarks section). Type checking stays `npm run typecheck`.
//
// Several processes may start at once (tests do): each builds into its own temporary directory and
// renames it into place; the loser of the race uses the winner's build.
/* global process */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, stop, version as esbuildVersion } from 'esbuild';

const root = path.dirname(import.meta.dirname);
const cacheDir = path.join(root, 'node_modules', '.cache', 'call-buddy', 'start');
const HOUR_MS = 3_600_000;

function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(file));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(file);
  }
  return out;
}

const files = ['src', 'migrations'].flatMap((d) => sourceFiles(path.join(root, d))).sort();
const hash = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
for (const file of [...files, import.meta.filename, path.join(root, 'tsconfig.json')]) {
  const st = fs.statSync(file);
  hash.update(`${path.relative(root, file)} ${st.size} ${st.mtimeMs}\n`);
}
const key = hash.digest('hex').slice(0, 16);
const outDir = path.join(cacheDir, key);

if (!fs.existsSync(path.join(outDir, '.complete'))) {
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  await build({ entryPoints: files, outdir: tmp, outbase: root, format: 'esm', platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'error' });
  fs.writeFileSync(path.join(tmp, '.complete'), '');
  try {
    fs.renameSync(tmp, outDir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another process put the same build in place first
  }
  // Builds of older sources, left for an hour in case a process started from one is still running.
  for (const name of fs.readdirSync(cacheDir)) {
    const dir = path.join(cacheDir, name);
    if (name !== key && Date.now() - fs.statSync(dir).mtimeMs > HOUR_MS) fs.rmSync(dir, { recursive: true, force: true });
  }
}

// esbuild's service is a child process (about 50 MB) that would otherwise stay for the life of this one.
await stop();
await import(pathToFileURL(path.join(outDir, 'src', 'main.js')).href);
