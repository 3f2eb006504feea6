import { describe, expect, it } from 'vitest';
import { pinnedProblems } from '../../../src/domain/dossier/index.js';
import { pinned, STEPS, UNIT } from './fixtures.js';

describe('pinned procedure data', () => {
  it('accepts the fixtures', () => {
    expect(pinnedProblems(pinned())).toEqual([]);
    expect(pinnedProblems(pinned({ steps: [], interAgency: [{ unitId: UNIT.justice, task: 'x', allottedWorkingMinutes: 480, lead: true }] }))).toEqual([]);
  });

  it('names every problem by its path', () => {
    const bad = pinned({
      limit: { amount: 1.5, unit: 'days' },
      supplementPolicy: 'later' as never,
      steps: [{ ...STEPS[0]!, maySendBack: true }, { ...STEPS[1]!, index: 5, allottedWorkingMinutes: -1 }],
      interAgency: [
        { unitId: UNIT.justice, task: 'a', allottedWorkingMinutes: 60, lead: false },
        { unitId: UNIT.justice, task: 'b', allottedWorkingMinutes: 60, lead: false },
      ],
    });
    expect(pinnedProblems(bad).map((p) => p.path)).toEqual([
      'limit.amount',
      'supplementPolicy',
      'steps.0.maySendBack',
      'steps.1.index',
      'steps.1.allottedWorkingMinutes',
      'interAgency',
      'interAgency',
    ]);
  });
});
