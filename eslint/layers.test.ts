import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { checkImport } from './layers.js';

describe('checkImport', () => {
  it.each([
    ['src/features/jobs/components/x.tsx', '../../events/lib/y', 'feature "jobs" must not import feature "events"'],
    [
      'src/features/jobs/components/x.tsx',
      '@/features/events/lib/y',
      'feature "jobs" must not import feature "events"',
    ],
    ['src/features/jobs/api/x.ts', '@/app/paths', 'features must not import from app'],
    [
      'src/lib/nomad/http.ts',
      '@/features/jobs/api/get-jobs',
      'shared code (components, lib) must not import from features',
    ],
    ['src/components/table.tsx', '../app/router', 'shared code (components, lib) must not import from app'],
    ['src/lib/x.ts', 'node:fs', 'browser code must not import the Node built-in "node:fs"'],
    ['src/features/logs/lib/x.ts', 'fs/promises', 'browser code must not import the Node built-in "fs/promises"'],
    ['src/app/router.tsx', '../../server/app', 'src/ must not import server code'],
    [
      'server/mock/cluster.ts',
      '../../src/lib/nomad/http',
      'server/ may only `import type` from src/lib/nomad/types.ts',
    ],
  ])('%s importing %s is refused', (file, spec, message) => {
    expect(checkImport(file, spec, false)).toContain(message);
  });

  it.each([
    ['src/app/routes/jobs.tsx', '@/features/jobs/components/jobs-table', false],
    ['src/features/jobs/components/x.tsx', '../api/get-jobs', false],
    ['src/features/jobs/components/x.tsx', '@/lib/nomad/http', false],
    ['src/features/jobs/components/x.tsx', '@/components/badge', false],
    ['src/lib/nomad/http.ts', './types', false],
    ['src/lib/nomad/http.ts', 'react', false],
    ['server/mock/cluster.ts', '../../src/lib/nomad/types.ts', true],
    ['server/mock/cluster.ts', 'node:http', false],
    ['e2e/shell.spec.ts', '../server/app', false],
  ])('%s importing %s is allowed', (file, spec, typeOnly) => {
    expect(checkImport(file, spec, typeOnly)).toBeUndefined();
  });

  it('refuses a value import of the wire types from server code', () => {
    expect(checkImport('server/mock/x.ts', '../../src/lib/nomad/types.ts', false)).toMatch(/import type/);
  });
});

describe('the lint configuration', () => {
  const eslint = new ESLint();

  it('fails on a violating import in a real lint run', async () => {
    const [result] = await eslint.lintText("import { x } from '@/features/events/lib/x';\nexport const y = x;\n", {
      filePath: 'src/features/jobs/lib/violation.ts',
    });
    expect(result!.messages.map((m) => m.ruleId)).toContain('layers/import-boundaries');
  });

  it('passes the same import from a route module', async () => {
    const [result] = await eslint.lintText("import { x } from '@/features/events/lib/x';\nexport const y = x;\n", {
      filePath: 'src/app/routes/ok.ts',
    });
    expect(result!.messages.filter((m) => m.ruleId === 'layers/import-boundaries')).toEqual([]);
  });
});
