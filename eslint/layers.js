// @ts-check
/**
 * ESLint plugin enforcing the layout rules of DESIGN.md by resolved path, so that a
 * relative import (`../../allocations/x`) and an aliased one (`@/features/x`) are judged
 * the same way:
 *   app → features → components / lib   (never the other way round)
 *   features never import each other     (compose them in app/ route modules)
 *   src/ never imports server/ or Node built-ins
 *   server/ may only `import type` from src/lib/nomad/types.ts
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WIRE_TYPES = 'src/lib/nomad/types.ts';
const BUILTINS = new Set(builtinModules);

/** @param {string} abs */
function rel(abs) {
  return path.relative(ROOT, abs).split(path.sep).join('/');
}

/**
 * @param {string} file path relative to the project root
 * @returns {{kind: 'app' | 'feature' | 'shared' | 'testing' | 'server' | 'other', feature?: string}}
 */
export function zoneOf(file) {
  if (file.startsWith('server/')) return { kind: 'server' };
  if (!file.startsWith('src/')) return { kind: 'other' };
  const [, top, name] = file.split('/');
  // main.tsx mounts the app: it belongs to the top layer.
  if (top === 'app' || top === 'main.tsx') return { kind: 'app' };
  if (top === 'features' && name) return { kind: 'feature', feature: name };
  if (top === 'testing') return { kind: 'testing' };
  return { kind: 'shared' };
}

/**
 * @param {string} fromFile relative path of the importing file
 * @param {string} spec the import specifier as written
 * @returns {string | undefined} the target's path relative to the root, for local imports
 */
function resolveLocal(fromFile, spec) {
  if (spec.startsWith('.')) return rel(path.resolve(ROOT, path.dirname(fromFile), spec));
  if (spec.startsWith('@/')) return `src/${spec.slice(2)}`;
  if (spec.startsWith('/')) return rel(spec);
  return undefined;
}

/**
 * Decides whether an import is allowed. Returns a message when it is not.
 * @param {string} fromFile
 * @param {string} spec
 * @param {boolean} typeOnly
 * @returns {string | undefined}
 */
export function checkImport(fromFile, spec, typeOnly) {
  const from = zoneOf(fromFile);
  if (from.kind === 'other') return undefined;
  const bare = spec.startsWith('node:') ? spec.slice(5) : (spec.split('/')[0] ?? spec);
  if (from.kind !== 'server' && (spec.startsWith('node:') || BUILTINS.has(bare))) {
    return `browser code must not import the Node built-in "${spec}"`;
  }
  const target = resolveLocal(fromFile, spec);
  if (target === undefined) return undefined;
  const to = zoneOf(target);
  const targetFile = target.replace(/\.(ts|tsx|js)$/, '');

  if (from.kind === 'server') {
    if (to.kind === 'server' || to.kind === 'other') return undefined;
    if (targetFile === WIRE_TYPES.replace(/\.ts$/, '') && typeOnly) return undefined;
    return `server/ may only \`import type\` from ${WIRE_TYPES}, not "${spec}"`;
  }
  if (to.kind === 'server') return `src/ must not import server code ("${spec}")`;
  if (to.kind === 'other') return undefined;
  if (from.kind === 'testing') return undefined;
  if (to.kind === 'testing' && !/\.test\.tsx?$/.test(fromFile)) {
    return `only tests may import src/testing ("${spec}")`;
  }
  if (from.kind === 'shared' && (to.kind === 'feature' || to.kind === 'app')) {
    return `shared code (components, lib) must not import from ${to.kind === 'app' ? 'app' : 'features'} ("${spec}"); layers run app → features → components/lib`;
  }
  if (from.kind === 'feature' && to.kind === 'app') {
    return `features must not import from app ("${spec}"); layers run app → features → components/lib`;
  }
  if (from.kind === 'feature' && to.kind === 'feature' && to.feature !== from.feature) {
    return `feature "${from.feature}" must not import feature "${to.feature}" ("${spec}"); compose features in an app/ route module`;
  }
  return undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the nomad-live layer and feature boundaries' },
    schema: [],
  },
  create(context) {
    const file = rel(context.filename);
    /**
     * @param {import('estree').Node} node
     * @param {unknown} source
     * @param {boolean} typeOnly
     */
    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      const message = checkImport(file, source, typeOnly);
      if (message) context.report({ node, message });
    }
    /** @param {any} node */
    const isTypeOnly = (node) =>
      node.importKind === 'type' ||
      node.exportKind === 'type' ||
      (Array.isArray(node.specifiers) &&
        node.specifiers.length > 0 &&
        node.specifiers.every((/** @type {any} */ s) => s.importKind === 'type' || s.exportKind === 'type'));
    return {
      ImportDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value, isTypeOnly(node)),
      ExportAllDeclaration: (node) => check(node, node.source.value, isTypeOnly(node)),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value, false),
    };
  },
};

export const layersPlugin = {
  meta: { name: 'nomad-live-layers' },
  rules: { 'import-boundaries': importBoundaries },
};
