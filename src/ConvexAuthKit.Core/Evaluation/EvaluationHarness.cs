namespace ConvexAuthKit.Evaluation
{
    /// <summary>
    /// The Node script that does the two halves of an evaluation, each in its own process:
    /// <c>bundle</c> runs the frontend's own esbuild with the options the Convex CLI uses for auth.config
    /// (browser platform, ESM, esnext, conditions convex and module, everything bundled) and writes one file into
    /// obj/; <c>evaluate</c> runs that file as a module in an empty V8 context (no require, no import, no fetch, no
    /// timers; like the Convex isolate) whose <c>process.env</c> is a proxy recording every name read and returning
    /// undefined, as on a fresh deployment. It runs twice: with an empty environment and with WORKOS_CLIENT_ID set
    /// to a probe value, which catches configs that only reach the variable by enumerating the keys.
    /// Each prints one JSON object on stdout.
    /// </summary>
    internal static class EvaluationHarness
    {
        /// <summary>Part of the evaluation cache key: bump when the script changes what it answers.</summary>
        public const string Version = "1";

        public const string FileName = "evaluate-auth-config.cjs";

        public const string Script = @"'use strict';
// Written by ConvexAuthKit (see src/ConvexAuthKit.Core/Evaluation/EvaluationHarness.cs). Safe to delete.
const path = require('path');
const out = (value) => process.stdout.write(JSON.stringify(value));
const describe = (e) => String((e && e.message) || e).split(/\r?\n|\r|\u2028|\u2029/)[0].slice(0, 300);
const PROBE = 'client_01CAKPR0BE0000000000000000';

function bundle(esbuildDir, entry, outfile) {
  let esbuild;
  try { esbuild = require(esbuildDir); } catch (e) { out({ ok: false, error: 'esbuild could not be loaded: ' + describe(e) }); return; }
  const base = path.dirname(entry);
  esbuild.build({
    entryPoints: [entry], bundle: true, platform: 'browser', format: 'esm', target: 'esnext', jsx: 'automatic',
    conditions: ['convex', 'module'], outfile, write: true, metafile: true, treeShaking: true, minify: false,
    keepNames: true, sourcemap: false, logLevel: 'silent', absWorkingDir: base,
  }).then((result) => {
    const inputs = Object.keys(result.metafile.inputs)
      .filter((p) => !/^[A-Za-z][A-Za-z0-9+.-]+:/.test(p))
      .map((p) => path.resolve(base, p));
    out({ ok: true, node: process.versions.node, inputs });
  }, (e) => {
    const errors = e && Array.isArray(e.errors) && e.errors.length ? e.errors.map((x) => x.text) : [describe(e)];
    out({ ok: false, error: errors.join('; ').slice(0, 600) });
  });
}

// Runs inside the context: builds its process object, so nothing of this realm is reachable from the config.
const SETUP = `(function (record, presentJson) {
  const present = JSON.parse(presentJson);
  // Names are recorded on the run with an empty environment only: on the probe run, enumerating the keys
  // touches every present name without the config asking for it.
  const recording = Object.keys(present).length === 0;
  const note = (k) => { if (recording) record('get', k); };
  const own = (k) => Object.prototype.hasOwnProperty.call(present, k);
  const env = new Proxy({}, {
    get(_, k) { if (typeof k !== 'string') return undefined; note(k); return own(k) ? present[k] : undefined; },
    has(_, k) { if (typeof k !== 'string') return false; note(k); return own(k); },
    ownKeys() { record('keys', ''); return Object.keys(present); },
    getOwnPropertyDescriptor(_, k) {
      if (typeof k !== 'string') return undefined;
      note(k);
      return own(k) ? { value: present[k], writable: true, enumerable: true, configurable: true } : undefined;
    },
    set() { return true; }, defineProperty() { return true; }, deleteProperty() { return true; },
  });
  const noop = () => {};
  globalThis.process = { env };
  globalThis.console = { log: noop, info: noop, warn: noop, error: noop, debug: noop, trace: noop };
})`;

const STRINGIFY = `(v) => { try { return JSON.stringify(v, (k, x) => typeof x === 'function' ? '[function ' + x.name + ']' : x) || ''; } catch (e) { return '[unserialisable]'; } }`;

const reads = new Set();
let finished = false;

async function evaluate(file, budgetMs) {
  const vm = require('vm');
  const fs = require('fs');
  if (typeof vm.SourceTextModule !== 'function') { out({ ok: false, error: 'this Node has no vm.SourceTextModule' }); return; }
  const source = fs.readFileSync(file, 'utf8');
  // Our own clock, so that a config that never settles still reports what it read; the build kills us later anyway.
  const started = Date.now();
  const left = () => Math.max(1, budgetMs - (Date.now() - started));
  const timedOut = () => { finished = true; out({ ok: true, timedOut: true, reads: [...reads], dependsOnProbe: false }); process.exit(0); };
  const timer = setTimeout(() => { if (!finished) timedOut(); }, budgetMs);
  const first = await run(vm, source, {}, left());
  if (first.timedOut) return timedOut();
  const second = await run(vm, source, { WORKOS_CLIENT_ID: PROBE }, left());
  if (second.timedOut) return timedOut();
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  const dependsOnProbe = second.output.includes(PROBE) || (first.enumerated && second.output !== first.output);
  out({ ok: true, reads: [...reads], dependsOnProbe, error: first.error || second.error || null });
}

async function run(vm, source, present, budgetMs) {
  let enumerated = false;
  const record = (kind, name) => { if (kind === 'keys') enumerated = true; else reads.add(String(name)); };
  const context = vm.createContext({}, { name: 'auth.config', codeGeneration: { strings: false, wasm: false } });
  vm.runInContext(SETUP, context)(record, JSON.stringify(present));
  let output = '';
  let error = null;
  let timedOut = false;
  try {
    const mod = new vm.SourceTextModule(source, { context, identifier: 'auth.config.bundle.mjs' });
    await mod.link(() => { throw new Error('the bundle imports a module, which the evaluation does not allow'); });
    await mod.evaluate({ timeout: budgetMs });
    output = vm.runInContext(STRINGIFY, context)(mod.namespace.default);
  } catch (e) {
    error = describe(e);
    timedOut = !!e && e.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
  }
  return { enumerated, output, error, timedOut };
}

if (process.argv[2] === 'bundle') bundle(process.argv[3], process.argv[4], process.argv[5]);
else if (process.argv[2] === 'evaluate') evaluate(process.argv[3], Number(process.argv[4]));
else out({ ok: false, error: 'unknown mode' });
";
    }
}
