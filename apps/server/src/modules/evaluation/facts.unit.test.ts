import type { ComputedFact } from '@chanjiao/contracts';
import { describe, expect, it } from 'vitest';
import {
  beyondTolerance,
  contradictions,
  councilFact,
  NOT_RECORDED,
  narrativeNumbers,
  parseChineseNumber,
  talentFact,
  unrecordedFact,
} from './facts';

const at = new Date('2026-05-01T00:00:00Z');
const labels = { enterprise: '企业', school: '学校', government: '政府部门', research: '科研院所', park: '产业园区' };
const council = councilFact(
  { unitsByType: { enterprise: 18, school: 9, government: 2, research: 1 }, seats: 15 },
  labels,
  at,
);
const talent = talentFact({ jobs: 120, headCount: 480, profiles: 2300, applications: 900, placements: 310 }, 2026, at);

describe('Chinese numerals', () => {
  it('reads numerals up to 万', () => {
    expect(parseChineseNumber('十五')).toBe(15);
    expect(parseChineseNumber('三十二')).toBe(32);
    expect(parseChineseNumber('一百二十三')).toBe(123);
    expect(parseChineseNumber('两千零五')).toBe(2005);
    expect(parseChineseNumber('三万二千')).toBe(32000);
    expect(parseChineseNumber('理事')).toBeNull();
  });
});

describe('computed facts', () => {
  it('2.1 sums the council units by type and lists the composition', () => {
    expect(council.figures.find((f) => f.key === 'council_units')?.value).toBe(30);
    expect(council.figures.find((f) => f.key === 'council_seats')?.value).toBe(15);
    expect(council.breakdown).toEqual([
      { label: '企业', value: 18 },
      { label: '学校', value: 9 },
      { label: '政府部门', value: 2 },
      { label: '科研院所', value: 1 },
    ]);
  });

  it('3.4 and 5.3 say the platform has no records, with no figures', () => {
    const f = unrecordedFact('part_time_staff', at);
    expect(f).toMatchObject({ available: false, note: NOT_RECORDED, figures: [] });
    expect(contradictions('聘请企业兼职教师 85 人', f)).toEqual([]);
  });
});

describe('narrative numbers', () => {
  it('reads word-then-number and number-then-word, Arabic and Chinese, without reading 理事单位 as 理事', () => {
    const text = '联合体现有理事单位32家，其中企业18家、学校九所；理事会设理事十五名，另有2家科研院所。';
    const found = narrativeNumbers(text, [
      { key: 'council_units', label: '', unit: '家', words: ['理事单位'], units: ['家'] },
      { key: 'council_seats', label: '', unit: '人', words: ['理事'], units: ['人', '名'] },
      { key: 'enterprise', label: '', unit: '家', words: ['企业'], units: ['家'] },
      { key: 'school', label: '', unit: '所', words: ['学校'], units: ['家', '所'] },
      { key: 'research', label: '', unit: '家', words: ['科研院所'], units: ['家'] },
    ]);
    const byKey = Object.fromEntries(found.map((f) => [f.figure, f.value]));
    expect(byKey).toEqual({ council_units: 32, council_seats: 15, enterprise: 18, school: 9, research: 2 });
  });

  it('reads 1,200 and 1.5万', () => {
    const found = narrativeNumbers('平台累计发布岗位1,200个，招聘需求1.5万人。', [
      { key: 'jobs', label: '', unit: '个', words: ['岗位'], units: ['个'] },
      { key: 'head_count', label: '', unit: '人', words: ['招聘需求'], units: ['人'] },
    ]);
    expect(found.map((f) => [f.figure, f.value])).toEqual([
      ['head_count', 15000],
      ['jobs', 1200],
    ]);
  });
});

describe('contradiction flags', () => {
  it('tolerance: more than 10 % and more than 1', () => {
    expect(beyondTolerance(32, 30)).toBe(false); // 6.7 %
    expect(beyondTolerance(34, 30)).toBe(true); // 13 %, 4
    expect(beyondTolerance(3, 2)).toBe(false); // 50 % but only 1
    expect(beyondTolerance(4, 2)).toBe(true);
    expect(beyondTolerance(5, 0)).toBe(true);
  });

  it('flags a council narrative that overstates its enterprises and leaves the matching figures alone', () => {
    const flags = contradictions(
      '我联合体成立了政府、企业、学校、科研机构多方参与的理事会，理事单位30家，其中企业25家、学校9所，理事会设理事15名。',
      council,
    );
    expect(flags).toEqual([
      { figure: '企业', narrativeValue: 25, computedValue: 18, excerpt: expect.stringContaining('企业25家') },
    ]);
  });

  it('flags talent figures from a real-looking 4.1 narrative', () => {
    const flags = contradictions(
      '依托人才供需信息平台，年度发布招聘岗位300个，招聘人数480人，入职三百一十人，学生档案2300份。',
      talent,
    );
    expect(flags.map((f) => [f.figure, f.narrativeValue, f.computedValue])).toEqual([['发布岗位', 300, 120]]);
  });

  it('never flags a narrative without the figures’ words, nor a fact without records', () => {
    expect(contradictions('我们积极推进专业动态调整，成效明显，覆盖 12 个专业。', talent)).toEqual([]);
    const none: ComputedFact = { ...talent, available: false, figures: [] };
    expect(contradictions('发布岗位 999 个', none)).toEqual([]);
  });
});
