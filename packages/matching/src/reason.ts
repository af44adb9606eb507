/** Why a pair matched, as parts the UI translates, and the zh-CN / en-US sentences built from them. */

export type ReasonPart =
  | { key: 'major.exact'; params: Record<string, never> }
  | { key: 'major.class'; params: { class: string } }
  | { key: 'major.category'; params: { category: string } }
  | { key: 'major.cluster'; params: { cluster: string } }
  | { key: 'skills'; params: { matched: number; total: number } }
  | { key: 'certs'; params: { held: number; total: number } }
  | { key: 'district.same'; params: Record<string, never> }
  | { key: 'district.neighbour'; params: Record<string, never> }
  | { key: 'cluster'; params: { cluster: string } }
  | { key: 'kind.internship'; params: Record<string, never> }
  | { key: 'kind.graduating'; params: Record<string, never> };

export type ReasonLocale = 'zh-CN' | 'en-US';

function zh(p: ReasonPart): string {
  switch (p.key) {
    case 'major.exact':
      return '专业完全匹配';
    case 'major.class':
      return `同专业类（${p.params.class}）`;
    case 'major.category':
      return `同专业大类（${p.params.category}）`;
    case 'major.cluster':
      return `专业与${p.params.cluster}集群相关`;
    case 'skills':
      return `技能 ${p.params.matched}/${p.params.total}`;
    case 'certs':
      return `证书 ${p.params.held}/${p.params.total}`;
    case 'district.same':
      return '同区县';
    case 'district.neighbour':
      return '邻近区县';
    case 'cluster':
      return `契合${p.params.cluster}产业集群`;
    case 'kind.internship':
      return '可实习';
    case 'kind.graduating':
      return '一年内毕业';
  }
}

function en(p: ReasonPart): string {
  switch (p.key) {
    case 'major.exact':
      return 'same major';
    case 'major.class':
      return `same major class (${p.params.class})`;
    case 'major.category':
      return `same major category (${p.params.category})`;
    case 'major.cluster':
      return `major related to the ${p.params.cluster} cluster`;
    case 'skills':
      return `skills ${p.params.matched}/${p.params.total}`;
    case 'certs':
      return `certificates ${p.params.held}/${p.params.total}`;
    case 'district.same':
      return 'same district';
    case 'district.neighbour':
      return 'neighbouring district';
    case 'cluster':
      return `fits the ${p.params.cluster} cluster`;
    case 'kind.internship':
      return 'available for internship';
    case 'kind.graduating':
      return 'graduating within a year';
  }
}

export function formatReason(parts: readonly ReasonPart[], locale: ReasonLocale = 'zh-CN'): string {
  return parts.map(locale === 'en-US' ? en : zh).join(' · ');
}
