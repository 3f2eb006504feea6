// Micro-benchmark of deadline arithmetic. Pure apart from reading the monotonic timer: inputs come from a seeded
// generator, so two runs do the same work.

import { nationalCalendar } from '../src/domain/calendar/calendar.js';
import { MS_PER_DAY, MS_PER_MINUTE, vnInstant } from '../src/domain/calendar/date.js';
import { addWorkingTime, workingTimeBetween } from '../src/domain/calendar/deadline.js';
import type { Calendar, TimeUnit } from '../src/domain/calendar/types.js';

export interface BenchResult {
  computations: number;
  seconds: number;
  perSecond: number;
}

export interface DeadlineBench extends BenchResult {
  /** 15 working days from starts spread over the two weeks before Tết 2026. */
  tet: BenchResult;
  /** Random starts over 2025–2027, random units and amounts, including workingTimeBetween. */
  mixed: BenchResult;
  /** Sum of due instants, so the work cannot be optimised away; equal across runs with the same n. */
  checksum: number;
}

/** Small, fast, seedable PRNG (mulberry32-style); quality is ample for picking benchmark inputs. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

const now = (): number => performance.now();

function timed(n: number, run: () => number): { result: BenchResult; checksum: number } {
  const t0 = now();
  const checksum = run();
  const seconds = (now() - t0) / 1000;
  return { result: { computations: n, seconds, perSecond: seconds > 0 ? n / seconds : Number.POSITIVE_INFINITY }, checksum };
}

export function benchDeadlines(n = 200_000, calendar: Calendar = nationalCalendar()): DeadlineBench {
  const random = seeded(20260217);
  const tetBase = vnInstant('2026-02-02', '07:00').getTime();
  const tetStarts = new Array<Date>(n);
  for (let i = 0; i < n; i++) tetStarts[i] = new Date(tetBase + Math.floor(random() * 12 * MS_PER_DAY));

  const units: readonly TimeUnit[] = ['hours', 'working_hours', 'working_days', 'days', 'months', 'same_day'];
  const mixedBase = vnInstant('2025-01-01').getTime();
  const span = vnInstant('2028-01-01').getTime() - mixedBase;
  const starts = new Array<Date>(n);
  const ends = new Array<Date>(n);
  const amounts = new Float64Array(n);
  const kinds = new Int8Array(n); // 0–5: units; 6: workingTimeBetween
  for (let i = 0; i < n; i++) {
    starts[i] = new Date(mixedBase + Math.floor(random() * span / MS_PER_MINUTE) * MS_PER_MINUTE);
    ends[i] = new Date(starts[i]!.getTime() + Math.floor(random() * 90 * MS_PER_DAY));
    const kind = Math.floor(random() * 7);
    kinds[i] = kind;
    const unit = units[kind];
    amounts[i] =
      unit === 'hours' || unit === 'working_hours' ? 1 + Math.floor(random() * 72)
      : unit === 'working_days' ? (1 + Math.floor(random() * 60)) / 2
      : unit === 'days' ? 1 + Math.floor(random() * 60)
      : unit === 'months' ? 1 + Math.floor(random() * 12)
      : 0;
  }

  // Warm up: builds the per-year indexes and lets the JIT settle, outside the timed sections.
  for (let i = 0; i < Math.min(n, 5_000); i++) {
    addWorkingTime(tetStarts[i]!, 15, 'working_days', calendar);
    const k = kinds[i]!;
    if (k === 6) workingTimeBetween(starts[i]!, ends[i]!, calendar);
    else addWorkingTime(starts[i]!, amounts[i]!, units[k]!, calendar);
  }

  const tet = timed(n, () => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += addWorkingTime(tetStarts[i]!, 15, 'working_days', calendar).getTime() % 1_000_003;
    return sum;
  });
  const mixed = timed(n, () => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const k = kinds[i]!;
      sum += k === 6 ? workingTimeBetween(starts[i]!, ends[i]!, calendar) : addWorkingTime(starts[i]!, amounts[i]!, units[k]!, calendar).getTime() % 1_000_003;
    }
    return sum;
  });
  const computations = tet.result.computations + mixed.result.computations;
  const seconds = tet.result.seconds + mixed.result.seconds;
  return {
    computations,
    seconds,
    perSecond: seconds > 0 ? computations / seconds : Number.POSITIVE_INFINITY,
    tet: tet.result,
    mixed: mixed.result,
    checksum: tet.checksum + mixed.checksum,
  };
}
