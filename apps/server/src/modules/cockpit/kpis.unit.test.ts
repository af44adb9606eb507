import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kpiDefinitions, sectionOf } from './kpis';

const csv = readFileSync(join(__dirname, '../../../../../data/policy-targets.csv'), 'utf8').trim().split('\n').slice(1);
const ids = [...new Set(csv.map((l) => l.split(',')[0]!))];

describe('KPI registry', () => {
  it('defines every policy-target id exactly once, and nothing else', () => {
    const defined = kpiDefinitions().map((f) => f.id);
    expect(csv.length).toBe(77);
    expect(ids.length).toBe(54);
    expect(new Set(defined).size).toBe(defined.length);
    expect([...defined].sort()).toEqual([...ids].sort());
  });

  it('records formulas name their metric and sources; awaiting ones their module; returns neither', () => {
    for (const f of kpiDefinitions()) {
      if (f.sourceKind === 'records') {
        expect(f.metric, f.id).not.toBeNull();
        expect(f.sources.length, f.id).toBeGreaterThan(0);
      } else expect(f.metric, f.id).toBeNull();
      expect(f.awaitingModule !== null, f.id).toBe(f.sourceKind === 'awaiting');
      expect(f.formula.length).toBeGreaterThan(5);
    }
  });

  it('groups 000 by the clause numeral and the other seeds by document', () => {
    expect(sectionOf('000_6f87104280afde0f.txt', '二.1').code).toBe('000-2');
    expect(sectionOf('000_6f87104280afde0f.txt', '六.15').code).toBe('000-6');
    expect(sectionOf('002_ea805f4806a9c9d0.txt', '二（三）12').name).toContain('合川区');
    expect(sectionOf('004_8bcb337c9db70b36.txt', '一').name).toContain('全国');
  });
});
