// What makes a methodology file valid, and how the one for a date is chosen.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadMethodologies } from '../../../src/app/indices.js';
import { checkMethodologies, defaultMethodology, MethodologyError, parseMethodology, type Methodology } from '../../../src/domain/indices/index.js';
import { METHODOLOGY_DIR } from '../../../src/store/methodologies.js';

const raw = (): Record<string, unknown> & { groups: Array<Record<string, unknown> & { indicators: Array<Record<string, unknown>> }> } =>
  JSON.parse(readFileSync(join(METHODOLOGY_DIR(), '766-2023.json'), 'utf8'));

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a methodology file', () => {
  it('the shipped one is valid', () => {
    expect(parseMethodology(raw()).id).toBe('766-2023');
  });

  it('is refused when a group maximum is not the sum of its indicators, naming the group', () => {
    const m = raw();
    m.groups[1]!.indicators[0]!.max = 19;
    expect(() => parseMethodology(m, '766-2023.json')).toThrow(/766-2023\.json.*groups\.1\.max.*progress/);
  });

  it('is refused with a duplicated code, an unknown rule, a cap above 100 %, an unknown field or a bad date', () => {
    const dup = raw();
    dup.groups[0]!.indicators[1]!.code = '1.1';
    expect(() => parseMethodology(dup)).toThrow(/1\.1 appears twice/);
    const rule = raw();
    rule.groups[0]!.indicators[0]!.rule = { kind: 'steps' };
    expect(() => parseMethodology(rule)).toThrow(MethodologyError);
    const cap = raw();
    cap.groups[2]!.indicators[0]!.rule = { kind: 'cap', threshold: 1.2 };
    expect(() => parseMethodology(cap)).toThrow(/groups\.2\.indicators\.0\.rule\.threshold/);
    const extra = raw();
    extra.groups[0]!.indicators[0]!.weight = 2;
    expect(() => parseMethodology(extra)).toThrow(/weight/);
    expect(() => parseMethodology({ ...raw(), validFrom: '2023-02-30' })).toThrow(/validFrom/);
    expect(() => parseMethodology({ ...raw(), validTo: '2022-12-31' })).toThrow(/validTo/);
  });

  it('is refused when a maximum has more decimals than the points are rounded to (a score could exceed it)', () => {
    const m = raw();
    m.groups[1]!.indicators[0]!.max = 20;
    expect(() => parseMethodology({ ...m, decimals: 0 })).not.toThrow();
    m.groups[1]!.indicators[0]!.max = 19.5;
    m.groups[1]!.max = 19.5;
    expect(() => parseMethodology({ ...m, decimals: 0 })).toThrow(/2\.1: max has more than 0 decimals/);
  });

  it('is refused with bands not listed highest first', () => {
    const label = { vi: 'Tốt', en: 'Good' };
    expect(() => parseMethodology({ ...raw(), bands: [{ min: 50, label }, { min: 80, label }] })).toThrow(/highest first/);
    expect(parseMethodology({ ...raw(), bands: [{ min: 80, label }, { min: 50, label }] }).bands).toHaveLength(2);
  });
});

describe('several methodologies', () => {
  const year = (id: string, validFrom: string, validTo: string | null): Methodology => parseMethodology({ ...raw(), id, validFrom, validTo });

  it('must not overlap, nor repeat an id', () => {
    expect(() => checkMethodologies([year('a', '2023-01-01', null), year('b', '2025-01-01', null)])).toThrow(/both valid on 2025-01-01/);
    expect(() => checkMethodologies([year('a', '2023-01-01', '2023-12-31'), year('a', '2024-01-01', null)])).toThrow(/twice/);
  });

  it('the default is the one valid on the day, else the latest started, else the earliest', () => {
    const list = checkMethodologies([year('y2025', '2025-01-01', null), year('y2023', '2023-01-01', '2023-12-31')]);
    expect(list.map((m) => m.id)).toEqual(['y2023', 'y2025']);
    expect(defaultMethodology(list, '2023-06-01')!.id).toBe('y2023');
    expect(defaultMethodology(list, '2024-06-01')!.id).toBe('y2023');
    expect(defaultMethodology(list, '2026-06-01')!.id).toBe('y2025');
    expect(defaultMethodology(list, '2020-01-01')!.id).toBe('y2023');
  });

  it('a new year is a new file in the directory, no code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-766-'));
    dirs.push(dir);
    const old = { ...raw(), validTo: '2026-12-31' };
    const next = raw();
    next.id = '766-2027';
    next.validFrom = '2027-01-01';
    next.groups[2]!.indicators[2]!.rule = { kind: 'cap', threshold: 0.6 };
    writeFileSync(join(dir, '766-2023.json'), JSON.stringify(old));
    writeFileSync(join(dir, '766-2027.json'), JSON.stringify(next));
    writeFileSync(join(dir, 'README.txt'), 'not a methodology');
    expect(loadMethodologies(dir).map((m) => m.id)).toEqual(['766-2023', '766-2027']);
  });

  it('a broken file stops loading with its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-766-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'bad.json'), '{ "id": ');
    expect(() => loadMethodologies(dir)).toThrow(/bad\.json: not valid JSON/);
    writeFileSync(join(dir, 'bad.json'), '{ "id": "x" }');
    expect(() => loadMethodologies(dir)).toThrow(/bad\.json: invalid methodology/);
  });
});
