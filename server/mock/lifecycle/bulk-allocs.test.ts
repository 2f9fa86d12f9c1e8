import { describe, expect, it } from 'vitest';
import { createRuntime } from '../runtime.ts';
import { FIXED_NOW } from '../test-harness.ts';

describe('--allocs: bulk allocations', () => {
  it('tops the cluster up to the requested count with consistent jobs, and again after a reset', async () => {
    const rt = createRuntime({ seed: 1, allocs: 2500, now: () => FIXED_NOW });
    try {
      const allocs = rt.store.list('allocs');
      expect(allocs).toHaveLength(2500);
      const statuses = new Set(allocs.map((a) => a.ClientStatus));
      for (const s of ['running', 'pending', 'complete', 'failed', 'lost']) expect(statuses).toContain(s);
      const bulkJobs = rt.store.list('jobs').filter((j) => j.Meta?.generated === 'bulk');
      expect(bulkJobs.length).toBeGreaterThan(1);
      for (const job of bulkJobs) {
        const mine = allocs.filter((a) => a.JobID === job.ID && a.Namespace === job.Namespace);
        const summary = rt.store.get('job_summary', `${job.Namespace}\u0000${job.ID}`)!;
        const counted = Object.values(summary.Summary).reduce(
          (n, g) => n + g.Running + g.Starting + g.Complete + g.Failed + g.Lost + g.Unknown,
          0,
        );
        expect(counted).toBe(mine.length);
        // Lost allocations sit on the down node, everything else on ready nodes.
        for (const a of mine) {
          const node = rt.store.get('nodes', a.NodeID)!;
          expect(node.Status === 'ready').toBe(a.ClientStatus !== 'lost');
        }
      }
      rt.control.reset();
      expect(rt.store.keys('allocs')).toHaveLength(2500);
    } finally {
      await rt.cluster.close();
    }
  });

  it('adds nothing when the seed already has that many', async () => {
    const rt = createRuntime({ seed: 1, allocs: 3, now: () => FIXED_NOW });
    const plain = createRuntime({ seed: 1, now: () => FIXED_NOW });
    try {
      expect(rt.store.keys('allocs').length).toBe(plain.store.keys('allocs').length);
    } finally {
      await rt.cluster.close();
      await plain.cluster.close();
    }
  });
});
