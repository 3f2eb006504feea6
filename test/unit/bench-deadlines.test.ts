import { describe, expect, it } from 'vitest';
import { benchDeadlines } from '../../bench/deadlines.js';

// Timing is reported, never asserted: CI machines vary. This only proves the benchmark runs and is deterministic.
describe('benchDeadlines', () => {
  it('runs the Tết and mixed workloads deterministically', () => {
    const a = benchDeadlines(2_000);
    const b = benchDeadlines(2_000);
    expect(a.tet.computations).toBe(2_000);
    expect(a.mixed.computations).toBe(2_000);
    expect(a.computations).toBe(4_000);
    expect(a.perSecond).toBeGreaterThan(0);
    expect(a.checksum).toBe(b.checksum);
  });
});
