/**
 * Computed facts beside a self-assessment and the contradiction flags between a narrative's numbers
 * and the records. Pure: the counts come from the repository (rounds.repository.ts `factCounts`).
 *
 * A fact declares its figures with the words that name them and the units that may follow the
 * number (理事单位 … 家, 岗位 … 个, 招聘 … 人). A number written next to one of those words — the word
 * then within a few characters the number and a unit (“理事单位共 32 家”), or the number and unit
 * then the word (“32 家理事单位”) — is the narrative's figure. Tolerance: a flag is raised when the
 * narrative's number differs from the record by more than 10 % of the record AND by more than 1.
 */
import type { ComputedFact, ContradictionFlag, FactFigure, FactKey } from '@chanjiao/contracts';

/** Which point of the MoE 2023 framework shows which fact (by point code of the pinned framework). */
export const FACT_OF_POINT: Readonly<Record<string, FactKey>> = {
  '2.1': 'council_composition',
  '3.4': 'part_time_staff',
  '4.1': 'talent_activity',
  '5.3': 'training',
};

export const FACT_TITLES: Record<FactKey, string> = {
  council_composition: '理事会构成（在任理事会席位与理事单位，按单位类型）',
  part_time_staff: '企业人员到校兼职人数',
  talent_activity: '人才供需平台活动（本联合体）',
  training: '企业员工培训人次',
};

export const NOT_RECORDED = '平台尚无该项记录';

/** Relative and absolute tolerance: flag when |narrative − record| > max(1, 10 % of record). */
export const TOLERANCE_RATIO = 0.1;
export const TOLERANCE_ABS = 1;

interface FigureSpec {
  key: string;
  label: string;
  unit: string;
  /** Words naming the figure in a narrative, longest first. */
  words: readonly string[];
  /** Units that may follow the number. */
  units: readonly string[];
}

const COUNT_UNITS = ['家', '个', '所'] as const;
const PEOPLE = ['人', '名', '位'] as const;

/** Council composition: the org types are counted among the council units (see `councilFact`). */
export const COUNCIL_TYPE_FIGURES: readonly (FigureSpec & { orgType: string })[] = [
  { key: 'enterprise', orgType: 'enterprise', label: '企业', unit: '家', words: ['企业'], units: COUNT_UNITS },
  {
    key: 'school',
    orgType: 'school',
    label: '学校',
    unit: '所',
    words: ['职业院校', '院校', '学校', '高校'],
    units: COUNT_UNITS,
  },
  {
    key: 'government',
    orgType: 'government',
    label: '政府部门',
    unit: '家',
    words: ['政府部门', '政府'],
    units: COUNT_UNITS,
  },
  { key: 'park', orgType: 'park', label: '产业园区', unit: '个', words: ['产业园区', '园区'], units: COUNT_UNITS },
  {
    key: 'research',
    orgType: 'research',
    label: '科研院所',
    unit: '家',
    words: ['科研院所', '科研机构'],
    units: COUNT_UNITS,
  },
  {
    key: 'association',
    orgType: 'association',
    label: '行业协会',
    unit: '家',
    words: ['行业协会', '协会'],
    units: COUNT_UNITS,
  },
];

const COUNCIL_UNITS: FigureSpec = {
  key: 'council_units',
  label: '理事单位',
  unit: '家',
  words: ['理事单位', '理事会成员单位', '成员单位'],
  units: COUNT_UNITS,
};
const COUNCIL_SEATS: FigureSpec = {
  key: 'council_seats',
  label: '理事会席位',
  unit: '人',
  words: ['理事会成员', '理事'],
  units: PEOPLE,
};

const TALENT_FIGURES: readonly FigureSpec[] = [
  { key: 'jobs', label: '发布岗位', unit: '个', words: ['招聘岗位', '需求岗位', '岗位'], units: ['个', '项'] },
  {
    key: 'head_count',
    label: '招聘人数',
    unit: '人',
    words: ['招聘需求', '用工需求', '招聘'],
    units: PEOPLE,
  },
  { key: 'profiles', label: '学生档案', unit: '人', words: ['学生档案', '学生', '学员'], units: [...PEOPLE, '份'] },
  {
    key: 'applications',
    label: '投递申请',
    unit: '人次',
    words: ['投递', '求职申请', '申请'],
    units: ['人次', '份', '次'],
  },
  { key: 'placements', label: '入职', unit: '人', words: ['入职', '录用', '就业'], units: PEOPLE },
];

export interface CouncilCounts {
  /** Distinct organizations that are council units or hold a council seat, by organization type. */
  unitsByType: Record<string, number>;
  seats: number;
}

export interface TalentCounts {
  jobs: number;
  headCount: number;
  profiles: number;
  applications: number;
  placements: number;
}

const figure = (s: FigureSpec, value: number): FactFigure => ({ key: s.key, label: s.label, value, unit: s.unit });

/** 2.1: the council's composition; the org-type figures appear only for types present or named. */
export function councilFact(c: CouncilCounts, typeLabels: Record<string, string>, computedAt: Date): ComputedFact {
  const units = Object.values(c.unitsByType).reduce((a, b) => a + b, 0);
  const figures = [figure(COUNCIL_UNITS, units), figure(COUNCIL_SEATS, c.seats)];
  for (const t of COUNCIL_TYPE_FIGURES) figures.push(figure(t, c.unitsByType[t.orgType] ?? 0));
  const order = Object.keys(typeLabels);
  const breakdown = Object.entries(c.unitsByType)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]))
    .map(([type, n]) => ({ label: typeLabels[type] ?? type, value: n }));
  return {
    key: 'council_composition',
    title: FACT_TITLES.council_composition,
    available: true,
    figures,
    breakdown,
    note:
      units === 0 && c.seats === 0
        ? '平台上尚无该联合体的理事会席位或理事单位记录'
        : `理事单位 ${units} 家（在任理事会席位所在单位与理事单位成员合计，去重），在任理事会席位 ${c.seats} 个`,
    computedAt: computedAt.toISOString(),
  };
}

/** 4.1: jobs published in the year by the consortium, head count, profiles, applications, placements. */
export function talentFact(t: TalentCounts, year: number, computedAt: Date): ComputedFact {
  const values = [t.jobs, t.headCount, t.profiles, t.applications, t.placements];
  return {
    key: 'talent_activity',
    title: FACT_TITLES.talent_activity,
    available: true,
    figures: TALENT_FIGURES.map((s, i) => figure(s, values[i] ?? 0)),
    breakdown: [],
    note: `${year} 年度本联合体发布的岗位及其招聘人数、投递与入职；学生档案为成员学校及本联合体在册学生`,
    computedAt: computedAt.toISOString(),
  };
}

/** 3.4 and 5.3: the platform holds no such records — the fact says so, never a made-up number. */
export function unrecordedFact(key: FactKey, computedAt: Date): ComputedFact {
  return {
    key,
    title: FACT_TITLES[key],
    available: false,
    figures: [],
    breakdown: [],
    note: NOT_RECORDED,
    computedAt: computedAt.toISOString(),
  };
}

// ── Numbers in Chinese text ────────────────────────────────────────────────

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNIT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parses a Chinese numeral up to 万 (一百二十三, 十五, 两千零五, 三万二千); null when not one. */
export function parseChineseNumber(s: string): number | null {
  if (!s || !/^[零〇一二两三四五六七八九十百千万]+$/.test(s)) return null;
  let total = 0;
  let section = 0;
  let digit: number | null = null;
  for (const ch of s) {
    if (ch in DIGIT) {
      digit = DIGIT[ch]!;
    } else if (ch in SMALL_UNIT) {
      section += (digit ?? 1) * SMALL_UNIT[ch]!;
      digit = null;
    } else if (ch === '万') {
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = null;
    }
  }
  return total + section + (digit ?? 0);
}

/** An Arabic number (1,200 / 3.5), optionally followed by 万; or a Chinese numeral. */
const NUMBER = String.raw`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(万)?|([零〇一二两三四五六七八九十百千万]+)`;

function numberValue(m: RegExpExecArray, at: number): number | null {
  const arabic = m[at];
  if (arabic) {
    const n = Number(arabic.replace(/,/g, ''));
    return m[at + 1] ? n * 10000 : n;
  }
  const cn = m[at + 2];
  return cn ? parseChineseNumber(cn) : null;
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Characters a figure's words and its number may have between them (no clause break, no digit). */
const GAP = String.raw`[^，。；;,.！？!?、\d零〇一二两三四五六七八九十百千万]{0,8}?`;

export interface NarrativeNumber {
  figure: string;
  value: number;
  excerpt: string;
}

function excerptAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 12);
  const to = Math.min(text.length, end + 12);
  return `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
}

/**
 * The numbers a narrative gives for each figure (word → number → unit, or number → unit → word).
 * Word alternatives are tried longest first so 理事单位 is not read as 理事.
 */
export function narrativeNumbers(text: string, specs: readonly FigureSpec[]): NarrativeNumber[] {
  const out: NarrativeNumber[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  // Longest words across all figures first, so "理事单位" claims its number before "理事".
  const byWord = specs
    .flatMap((spec) => spec.words.map((w) => ({ spec, word: w })))
    .sort((a, b) => b.word.length - a.word.length);
  for (const { spec, word } of byWord) {
    const units = [...spec.units]
      .sort((a, b) => b.length - a.length)
      .map(escapeRe)
      .join('|');
    const w = escapeRe(word);
    const after = new RegExp(`${w}${GAP}(?:${NUMBER})\\s*(?:${units})`, 'g');
    const before = new RegExp(`(?:${NUMBER})\\s*(?:${units})(?:[^，。；;,.、\\d]{0,4}?)${w}`, 'g');
    for (const re of [after, before]) {
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const start = m.index;
        const end = m.index + m[0].length;
        // The number's own span must not belong to a longer word's match already.
        const numberAt = text.indexOf(m[1] ?? m[3] ?? '', start);
        if (overlaps(numberAt, numberAt + (m[1] ?? m[3] ?? '').length)) continue;
        const value = numberValue(m, 1);
        if (value === null) continue;
        taken.push([numberAt, numberAt + (m[1] ?? m[3] ?? '').length]);
        out.push({ figure: spec.key, value, excerpt: excerptAround(text, start, end) });
      }
    }
  }
  return out;
}

const SPECS: Record<FactKey, readonly FigureSpec[]> = {
  council_composition: [COUNCIL_UNITS, COUNCIL_SEATS, ...COUNCIL_TYPE_FIGURES],
  part_time_staff: [],
  talent_activity: TALENT_FIGURES,
  training: [],
};

export function beyondTolerance(narrative: number, computed: number): boolean {
  const diff = Math.abs(narrative - computed);
  return diff > TOLERANCE_ABS && diff > computed * TOLERANCE_RATIO;
}

/**
 * Flags each narrative number that differs from the computed figure beyond the tolerance. A fact
 * without records (available = false) never flags.
 */
export function contradictions(narrative: string, fact: ComputedFact | null): ContradictionFlag[] {
  if (!fact?.available || !narrative.trim()) return [];
  const values = new Map(fact.figures.map((f) => [f.key, f]));
  const flags: ContradictionFlag[] = [];
  for (const n of narrativeNumbers(narrative, SPECS[fact.key])) {
    const f = values.get(n.figure);
    if (!f || !beyondTolerance(n.value, f.value)) continue;
    flags.push({ figure: f.label, narrativeValue: n.value, computedValue: f.value, excerpt: n.excerpt });
  }
  return flags;
}
