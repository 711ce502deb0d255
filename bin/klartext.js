#!/usr/bin/env node
// The `klartext` command's launcher: runs the TypeScript CLI on this Node when it can, else on the pinned Node 24.
// Plain JavaScript that any Node since 14 parses, because it is what an old system Node meets first.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(realpathSync(fileURLToPath(import.meta.url))));
const entry = join(root, 'cli', 'main.ts');

/** Whether this Node strips TypeScript types by default and lets a hook take over the loading of modules. */
function canRunHere() {
  return (
    Boolean(process.features && process.features.typescript) &&
    typeof nodeModule.registerHooks === 'function' &&
    typeof nodeModule.stripTypeScriptTypes === 'function'
  );
}

/** The Node binary of the `node` package this one depends on (version pinned in package.json), if installed. */
function pinnedNode() {
  try {
    const manifest = nodeModule.createRequire(join(root, 'package.json')).resolve('node/package.json');
    const bin = join(dirname(manifest), 'bin', 'node');
    return existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

/** Runs this launcher again under `node`, passing signals on and leaving with the child's exit code. */
function handOver(node) {
  const child = spawn(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, KLARTEXT_LAUNCHER_HANDED_OVER: process.version },
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    process.stderr.write(`klartext: could not start the pinned Node.js at ${node}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (nodeSignals[signal] ?? 1) : 1)));
}

const nodeSignals = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Node refuses to strip types from files under node_modules, which is where an installed klartext lives; this hook
 * strips klartext's own files (and only those) the same way Node strips them in a checkout.
 */
function stripOwnTypeScript() {
  const own = pathToFileURL(root + sep).href;
  // The stripping API is still marked experimental; its warning would reach every user on every run.
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning, ...rest) =>
    String(warning).startsWith('stripTypeScriptTypes') ? undefined : emitWarning.call(process, warning, ...rest);
  nodeModule.registerHooks({
    load(url, context, nextLoad) {
      const ours = url.startsWith(own) && !url.slice(own.length).includes('node_modules/');
      if (!ours || !url.endsWith('.ts')) return nextLoad(url, context);
      const source = readFileSync(fileURLToPath(url), 'utf8');
      return { format: 'module', source: nodeModule.stripTypeScriptTypes(source), shortCircuit: true };
    },
  });
}

if (canRunHere()) {
  if (root.split(sep).includes('node_modules')) stripOwnTypeScript();
  await import(pathToFileURL(entry).href);
} else {
  const node = process.env.KLARTEXT_LAUNCHER_HANDED_OVER ? undefined : pinnedNode();
  if (!node) {
    process.stderr.write(
      `klartext: needs Node.js 22.18 or later (this is ${process.version}), ` +
        `and the pinned Node.js (npm package "node") is not installed: run \`npm install\` in ${root}, or use Node.js 24.\n`,
    );
    process.exit(1);
  }
  handOver(node);
}
