/**
 * KPI registry (docs/cockpit.md): one entry per policy-target id of data/policy-targets.csv
 * (ref_policy_targets), with its source kind and formula. Names, units, clauses and targets come
 * from ref_policy_targets at run time; this file says only how each figure is obtained.
 *
 * - records: computed by the refresher from platform records (`metric` names the SQL in
 *   cockpit.repository.ts; `sources` the tables whose changes make it stale);
 * - returns: the latest approved statistical return (kpi_returns) for the year;
 * - awaiting: the data-source module is not built; never a number.
 */
import type { KpiAwaitingModule, KpiDrillDimension, KpiSourceKind } from '@chanjiao/contracts';

export type RecordsMetric =
  | { kind: 'consortiumCount'; levels: string[]; statuses?: string[] }
  | { kind: 'certifiedEnterprises'; level: 'municipal' | 'national' }
  | { kind: 'memberCoverage'; orgType: 'school' | 'enterprise' }
  | { kind: 'placement' };

export interface KpiFormula {
  id: string;
  sourceKind: KpiSourceKind;
  /** How the figure is obtained (zh-CN), shown to users. */
  formula: string;
  awaitingModule: KpiAwaitingModule | null;
  metric: RecordsMetric | null;
  /** Source tables (cockpit_sources.table_name) the value depends on. */
  sources: string[];
  dimensions: KpiDrillDimension[];
  isShare: boolean;
}

const ACTIVE = '未撤销、未删除';
const CONSORTIUM_SOURCES = ['consortia', 'consortium_leads', 'organizations'];
const MEMBER_SOURCES = ['consortia', 'consortium_members', 'consortium_leads', 'organizations'];

function count(id: string, levels: string[], label: string, statuses?: string[]): KpiFormula {
  return {
    id,
    sourceKind: 'records',
    formula: `联合体名录中层级为「${label}」的联合体数（${ACTIVE}${statuses ? '，状态为示范' : ''}）`,
    awaitingModule: null,
    metric: statuses ? { kind: 'consortiumCount', levels, statuses } : { kind: 'consortiumCount', levels },
    sources: CONSORTIUM_SOURCES,
    dimensions: ['district', 'cluster'],
    isShare: false,
  };
}

function returns(id: string, what: string): KpiFormula {
  return {
    id,
    sourceKind: 'returns',
    formula: `统计填报：责任单位填报的${what}，经主管部门审核通过后计入（取该年度最新一条已通过的填报）`,
    awaitingModule: null,
    metric: null,
    sources: ['kpi_returns', 'organizations'],
    dimensions: [],
    isShare: false,
  };
}

function awaiting(id: string, module: KpiAwaitingModule, what: string): KpiFormula {
  return {
    id,
    sourceKind: 'awaiting',
    formula: `数据来源模块未上线：将由${what}计算`,
    awaitingModule: module,
    metric: null,
    sources: [],
    dimensions: [],
    isShare: false,
  };
}

const FORMULAS: KpiFormula[] = [
  returns('T01', '市级产教融合试点区县数'),
  {
    id: 'T02',
    sourceKind: 'records',
    formula: '单位库中持有有效（未过期）市级「产教融合型企业」认定的企业数',
    awaitingModule: null,
    metric: { kind: 'certifiedEnterprises', level: 'municipal' },
    sources: ['org_certifications', 'organizations'],
    dimensions: ['district', 'cluster'],
    isShare: false,
  },
  count('T03', ['national'], '国家级'),
  returns('T04', '国家产教融合试点区县数'),
  {
    id: 'T05',
    sourceKind: 'records',
    formula: '单位库中持有有效（未过期）国家级「产教融合型企业」认定的企业数',
    awaitingModule: null,
    metric: { kind: 'certifiedEnterprises', level: 'national' },
    sources: ['org_certifications', 'organizations'],
    dimensions: ['district', 'cluster'],
    isShare: false,
  },
  returns('T06', '高技能人才占技能人才比例（%）'),
  returns('T07', '市级以上重点园区参与产教联合体覆盖率（%；单位库未标注重点园区等级）'),
  {
    id: 'T08',
    sourceKind: 'records',
    formula: '单位库中高职院校（高职专科、职业本科）是有效联合体成员或牵头单位的数量 ÷ 单位库中高职院校总数 × 100%',
    awaitingModule: null,
    metric: { kind: 'memberCoverage', orgType: 'school' },
    sources: MEMBER_SOURCES,
    dimensions: ['district', 'consortium'],
    isShare: true,
  },
  {
    id: 'T09',
    sourceKind: 'records',
    formula: '单位库中规模以上企业是有效联合体成员或牵头单位的数量 ÷ 单位库中规模以上企业总数 × 100%',
    awaitingModule: null,
    metric: { kind: 'memberCoverage', orgType: 'enterprise' },
    sources: MEMBER_SOURCES,
    dimensions: ['district', 'consortium'],
    isShare: true,
  },
  count('T10', ['municipal'], '市级'),
  count('T11', ['park_led'], '园区牵头'),
  count('T12', ['enterprise_led'], '行业企业牵头'),
  count('T13', ['school_led'], '学校牵头'),
  awaiting('T14', 'cooperation', '校企合作模块的教师实践流动站认定记录'),
  awaiting('T15', 'cooperation', '校企合作模块的「双师型」教师认定记录'),
  awaiting('T16', 'learning', '教学资源模块的专业教学资源库记录'),
  awaiting('T17', 'learning', '教学资源模块的在线精品课程记录'),
  awaiting('T18', 'learning', '教学资源模块的规划教材记录'),
  returns('T19', '市级开放型区域产教融合实践中心数'),
  awaiting('T20', 'cooperation', '校企合作模块的共建专业记录'),
  awaiting('T21', 'cooperation', '校企合作模块的「现场工程师」培养计划项目记录'),
  awaiting('T22', 'cooperation', '校企合作模块的现代产业学院记录'),
  awaiting('T23', 'cooperation', '校企合作模块的接续递进培养试点专业记录'),
  {
    id: 'T24',
    sourceKind: 'records',
    formula:
      '有效联合体成员（或牵头）职业院校（中职、高职专科、职业本科）最近一届毕业生：（毕业生数 − 未落实数）÷ 毕业生数 × 100%',
    awaitingModule: null,
    metric: { kind: 'placement' },
    sources: ['graduate_cohorts', ...MEMBER_SOURCES],
    dimensions: ['consortium', 'district', 'level'],
    isShare: true,
  },
  awaiting('T25', 'techservice', '技术服务模块的中试基地记录'),
  awaiting('T26', 'techservice', '技术服务模块的共性技术服务平台记录'),
  awaiting('T27', 'training', '职工培训模块的示范性职工培训基地记录'),
  awaiting('T28', 'training', '职工培训模块的培训人次记录'),
  awaiting('T29', 'techservice', '技术服务模块的科技成果转化合同记录'),
  returns('T30', '办学条件全部达标的职业学校比例（%）'),
  awaiting('T31', 'learning', '教学资源模块的国家级在线精品课程记录'),
  awaiting('T32', 'learning', '教学资源模块的国家级规划教材记录'),
  awaiting('T33', 'learning', '教学资源模块的国家级专业教学资源库记录'),
  awaiting('T34', 'learning', '教学资源模块的国家级虚拟仿真实训基地记录'),
  returns('T35', '本科层次职业教育招生规模占高等职业教育招生规模比例（%）'),
  count('T36', ['municipal'], '市级', ['exemplary']),
  count('T37', ['park_led'], '园区牵头'),
  count('T38', ['cross_region'], '川渝毗邻地区'),
  returns('T39', '部市共建教育部应用技术协同创新中心数'),
  returns('T40', '「科技人才班」数'),
  returns('T41', '科教协同育人示范平台数'),
  awaiting('T42', 'techservice', '技术服务模块的中试基地、应用场景示范基地和技术研发与应用中心记录'),
  awaiting('T43', 'learning', '教学资源模块的「中文+职业技能」课程和教材记录'),
  returns('T44', '具有国际影响力的职业教育标准、资源和装备数'),
  returns('T45', '中国特色、具有较高国际化水平的职业学校数'),
  returns('T46', '在合高等院校、中等职业学校在校学生数（学生档案仅含已导入学生，不能代表全部在校生）'),
  returns('T47', '合川区市级示范性职教集团数'),
  returns('T48', '合川区国家「万人计划」教学名师数'),
  returns('T49', '合川区市级以上技能大师工作室数'),
  returns('T50', '合川区市级职教名师和技能导师（专业带头人）数'),
  awaiting('T51', 'cooperation', '校企合作模块的「双师型」教师认定记录（合川区中职）'),
  returns('T52', '合川区职业学校实践性教学课时占总课时比例（%）'),
  returns('T53', '合川区企业职工教育培训经费用于一线职工培训比例（%）'),
  returns('T54', '全国市域产教联合体数（教育部公布）'),
];

const BY_ID = new Map(FORMULAS.map((f) => [f.id, f]));

/** The registry: every KPI's source kind and formula, in id order. */
export function kpiDefinitions(): readonly KpiFormula[] {
  return FORMULAS;
}

export function kpiFormula(id: string): KpiFormula | undefined {
  return BY_ID.get(id);
}

/** Document titles of the seeds (data/SOURCES.md). */
export const SOURCE_TITLES: Record<string, string> = {
  '000': '渝府办发〔2023〕69号',
  '002': '合川府办发〔2023〕31号',
  '003': '渝府发〔2023〕22号',
  '004': '教职成厅函〔2023〕15号',
};

const CN_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** The overview's section of a target: 000 by its clause's leading numeral, the others by document. */
export function sectionOf(source: string, clause: string): { code: string; name: string } {
  const doc = source.slice(0, 3);
  const title = SOURCE_TITLES[doc] ?? source;
  if (doc === '000') {
    const n = CN_DIGITS.indexOf(clause.charAt(0));
    return { code: `000-${n + 1}`, name: `${title} ${clause.charAt(0)}` };
  }
  if (doc === '002') return { code: '002', name: `合川区（${title}）` };
  if (doc === '004') return { code: '004', name: `全国（${title}）` };
  return { code: doc, name: title };
}

export function sourceTitle(source: string): string {
  return SOURCE_TITLES[source.slice(0, 3)] ?? source;
}
