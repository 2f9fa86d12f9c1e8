import { describe, expect, it } from 'vitest';
import { faultConfigJson, FaultConfigError, parseFaultConfig } from './config.ts';

describe('parseFaultConfig', () => {
  it('fills the defaults of the contract', () => {
    const c = parseFaultConfig({
      drop: { rate: 0.1 },
      stall: { rate: 0.2 },
      drip: { rate: 0.3 },
      errors: { rate: 0.5 },
    });
    expect(c.seed).toBe(1);
    expect(c.paths).toEqual(['/v1/']);
    expect(c.drop).toEqual({ rate: 0.1, afterBytes: [0, 65_536] });
    expect(c.stall).toEqual({ rate: 0.2, afterBytes: [0, 65_536], ms: 0 });
    expect(c.drip).toEqual({ rate: 0.3, maxDelayMs: 20, bytes: 4096, afterBytes: [0, 0] });
    expect(c.errors?.kinds).toEqual(['500', '502', '503', 'no-leader']);
    expect(faultConfigJson(c)).not.toHaveProperty('garble');
  });

  it('takes a single number as a fixed range', () => {
    expect(parseFaultConfig({ drop: { rate: 1, afterBytes: 10, dropEveryMs: [100, 200] } }).drop).toEqual({
      rate: 1,
      afterBytes: [10, 10],
      dropEveryMs: [100, 200],
    });
  });

  it.each([
    [{ drop: { rate: 1.5 } }, 'drop.rate must be a probability from 0 to 1'],
    [{ split: { rate: -0.1 } }, 'split.rate must be a probability'],
    [{ garble: {} }, 'garble.rate must be a probability'],
    [{ drop: { rat: 1 } }, 'drop.rat is not a fault setting'],
    [{ dropp: {} }, 'faults.dropp is not a fault setting'],
    [{ drop: { rate: 1, afterBytes: [10, 5] } }, 'drop.afterBytes must be [min, max] with min ≤ max'],
    [{ drop: { rate: 1, afterBytes: [1, 2, 3] } }, 'drop.afterBytes must be [min, max]'],
    [{ stall: { rate: 1, ms: 1.5 } }, 'stall.ms must be a whole number'],
    [{ errors: { rate: 1, kinds: ['404'] } }, 'errors.kinds[0] must be one of 500, 502, 503, no-leader'],
    [{ paths: ['v1/'] }, 'paths[0] must be a path prefix starting with "/"'],
    [{ paths: [] }, 'paths must be a non-empty array'],
    [{ seed: -1 }, 'seed must be a whole number'],
    [[], 'faults must be a JSON object'],
  ])('refuses %j with a message naming the field', (raw, message) => {
    expect(() => parseFaultConfig(raw)).toThrow(FaultConfigError);
    expect(() => parseFaultConfig(raw)).toThrow(message);
  });
});
