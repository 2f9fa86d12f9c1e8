import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invalidTopicMessage, KNOWN_TOPICS, parseTopic, topicIssues } from './topics';

const noColon = fc.string({ maxLength: 10 }).map((s) => s.replace(/:/g, ''));
const raw = fc.oneof(
  noColon,
  fc
    .tuple(fc.oneof(noColon, fc.constantFrom(...KNOWN_TOPICS, '*')), fc.oneof(noColon, fc.constant('*')))
    .map(([t, k]) => `${t}:${k}`),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('*', '*:*', ':', '::', 'Job:a:b', 'Job:'),
);

describe('parseTopic properties (Nomad parseTopic: strings.Split on ":")', () => {
  it('agrees with the split rule and round-trips what it accepts', () => {
    fc.assert(
      fc.property(raw, (r) => {
        const parts = r.split(':');
        const parsed = parseTopic(r);
        if (parts.length > 2) return void expect(parsed).toEqual({ error: invalidTopicMessage(r) });
        if ('error' in parsed) throw new Error(`refused ${r}`);
        expect(parsed.raw).toBe(r);
        if (parts.length === 1) expect(parsed).toEqual({ raw: r, topic: r, key: '*' });
        else expect(`${parsed.topic}:${parsed.key}`).toBe(r);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps topic and key exactly for any colon-free pair', () => {
    fc.assert(
      fc.property(noColon, noColon, (t, k) => {
        expect(parseTopic(`${t}:${k}`)).toEqual({ raw: `${t}:${k}`, topic: t, key: k });
      }),
    );
  });
});

describe('topicIssues properties', () => {
  it('never throws, and refuses exactly the values Nomad refuses, once each', () => {
    fc.assert(
      fc.property(fc.array(raw, { maxLength: 8 }), fc.constantFrom('stream' as const, 'sink' as const), (raws, ctx) => {
        const issues = topicIssues(raws, ctx);
        for (const i of issues) expect(i.message).toMatch(/\S/);
        const errors = issues.filter((i) => i.level === 'error');
        const refused = raws.filter((r) => r.split(':').length > 2);
        expect(errors.map((e) => e.raw)).toEqual(refused);
        for (const e of errors) expect(e.message).toBe(invalidTopicMessage(e.raw));
      }),
      { numRuns: 150 },
    );
  });

  it('finds nothing to say about distinct known topics with plain keys', () => {
    const plain = fc.stringMatching(/^[a-z0-9-]{1,8}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.constantFrom(...KNOWN_TOPICS), plain), { maxLength: 6 }), (pairs) => {
        const raws = [...new Set(pairs.map(([t, k]) => `${t}:${k}`))];
        expect(topicIssues(raws)).toEqual([]);
      }),
    );
  });
});
