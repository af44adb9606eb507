import { api } from '@chanjiao/contracts';
import { Tabs, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { PageContainer } from '../../components/PageContainer';
import { PagedTable } from '../../components/paged/PagedTable';

/** Long text wraps inside a bounded column instead of stretching the table. */
function wrap(v: ReactNode, width = 360) {
  return <div style={{ minWidth: Math.min(width, 200), maxWidth: width, whiteSpace: 'normal' }}>{v}</div>;
}

function YesNo({ value }: { value: boolean }) {
  const { t } = useTranslation();
  return value ? <Tag color="blue">{t('common.yes')}</Tag> : <Tag>{t('common.no')}</Tag>;
}

const tabKeys = [
  'districts',
  'majors',
  'industries',
  'occupations',
  'clusters',
  'indicators',
  'reformMeasures',
  'policyTargets',
  'policyItems',
  'institutions',
] as const;
type TabKey = (typeof tabKeys)[number];

function ReferenceTable({ tab }: { tab: TabKey }) {
  const { t } = useTranslation();
  const c = (k: string) => t(`reference.col.${k}`);
  const search = t('reference.search');
  const levelOptions = (names: string[]) => names.map((n, i) => ({ value: String(i + 1), label: n }));

  switch (tab) {
    case 'districts':
      return (
        <PagedTable
          descriptor={api.refDistricts}
          rowKey="code"
          searchPlaceholder={search}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name' },
            { title: c('type'), dataIndex: 'type' },
          ]}
        />
      );
    case 'majors':
      return (
        <PagedTable
          descriptor={api.refMajors}
          rowKey="code"
          searchPlaceholder={search}
          filters={[
            {
              kind: 'select',
              key: 'level',
              placeholder: c('level'),
              options: (['secondary', 'associate', 'bachelor'] as const).map((l) => ({
                value: l,
                label: t(`reference.majorLevel.${l}`),
              })),
            },
            { kind: 'text', key: 'categoryCode', placeholder: c('categoryCode') },
          ]}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name' },
            { title: c('level'), dataIndex: 'levelName' },
            { title: c('category'), key: 'category', render: (_, r) => `${r.categoryCode} ${r.categoryName}` },
            { title: c('class'), key: 'class', render: (_, r) => `${r.classCode} ${r.className}` },
            { title: c('nationalControl'), dataIndex: 'nationalControl', render: (v: boolean) => <YesNo value={v} /> },
          ]}
        />
      );
    case 'industries':
      return (
        <PagedTable
          descriptor={api.refIndustries}
          rowKey="code"
          searchPlaceholder={search}
          filters={[
            {
              kind: 'select',
              key: 'level',
              placeholder: c('level'),
              options: levelOptions(t('reference.industryLevels').split(',')),
            },
          ]}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name', render: (v: string) => wrap(v, 240) },
            { title: c('level'), dataIndex: 'levelName' },
            { title: c('parentCode'), dataIndex: 'parentCode', render: (v: string | null) => v ?? '—' },
            { title: c('description'), dataIndex: 'description', render: (v: string | null) => wrap(v ?? '—', 480) },
          ]}
        />
      );
    case 'occupations':
      return (
        <PagedTable
          descriptor={api.refOccupations}
          rowKey="code"
          searchPlaceholder={search}
          filters={[
            {
              kind: 'select',
              key: 'level',
              placeholder: c('level'),
              options: levelOptions(t('reference.occupationLevels').split(',')),
            },
          ]}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name', render: (v: string) => wrap(v, 320) },
            { title: c('level'), dataIndex: 'levelName' },
            { title: c('parentCode'), dataIndex: 'parentCode', render: (v: string | null) => v ?? '—' },
          ]}
        />
      );
    case 'clusters':
      return (
        <PagedTable
          descriptor={api.refClusters}
          rowKey="code"
          searchPlaceholder={search}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name' },
            { title: c('tier'), dataIndex: 'tierName' },
            { title: c('namedInSeeds'), dataIndex: 'namedInSeeds', render: (v: boolean) => <YesNo value={v} /> },
          ]}
        />
      );
    case 'indicators':
      return (
        <PagedTable
          descriptor={api.refIndicators}
          rowKey="pointCode"
          searchPlaceholder={search}
          columns={[
            { title: c('group'), key: 'group', render: (_, r) => wrap(`${r.groupCode} ${r.groupName}`, 220) },
            { title: c('pointCode'), dataIndex: 'pointCode' },
            { title: c('observationPoint'), dataIndex: 'observationPoint', render: (v: string) => wrap(v, 480) },
            { title: c('kind'), dataIndex: 'kind' },
          ]}
        />
      );
    case 'reformMeasures':
      return (
        <PagedTable
          descriptor={api.refReformMeasures}
          rowKey="no"
          searchPlaceholder={search}
          columns={[
            { title: c('no'), dataIndex: 'no' },
            { title: c('section'), dataIndex: 'section', render: (v: string) => wrap(v, 200) },
            { title: c('title'), dataIndex: 'title', render: (v: string) => wrap(v, 420) },
            {
              title: c('responsibleUnits'),
              dataIndex: 'responsibleUnits',
              render: (v: string[]) => wrap(v.join('、'), 320),
            },
          ]}
        />
      );
    case 'policyTargets':
      return (
        <PagedTable
          descriptor={api.refPolicyTargets}
          // ids restart in each source document
          rowKey={(r) => `${r.year}|${r.source}|${r.id}`}
          searchPlaceholder={search}
          columns={[
            { title: c('year'), dataIndex: 'year' },
            { title: c('source'), dataIndex: 'source', render: (v: string) => wrap(v, 240) },
            { title: c('clause'), dataIndex: 'clause', render: (v: string) => wrap(v, 200) },
            { title: c('scope'), dataIndex: 'scope' },
            { title: c('metric'), dataIndex: 'metric', render: (v: string) => wrap(v, 280) },
            {
              title: c('target'),
              key: 'target',
              render: (_, r) => (
                <Typography.Text strong>
                  {r.comparator === '=' ? '' : `${r.comparator} `}
                  {r.target} {r.unit}
                </Typography.Text>
              ),
            },
          ]}
        />
      );
    case 'policyItems':
      return (
        <PagedTable
          descriptor={api.refPolicyItems}
          // item numbers restart for each lead unit
          rowKey={(r) => `${r.unitNo}-${r.itemNo}`}
          searchPlaceholder={search}
          columns={[
            { title: c('unitNo'), dataIndex: 'unitNo' },
            { title: c('leadUnit'), dataIndex: 'leadUnit', render: (v: string) => wrap(v, 200) },
            { title: c('itemNo'), dataIndex: 'itemNo' },
            { title: c('content'), dataIndex: 'content', render: (v: string) => wrap(v, 520) },
          ]}
        />
      );
    case 'institutions':
      return (
        <PagedTable
          descriptor={api.refInstitutions}
          rowKey="code"
          searchPlaceholder={search}
          columns={[
            { title: c('code'), dataIndex: 'code' },
            { title: c('name'), dataIndex: 'name' },
            { title: c('instLevel'), dataIndex: 'level' },
            {
              title: c('ownership'),
              dataIndex: 'private',
              render: (v: boolean) => (v ? t('reference.private') : t('reference.public')),
            },
            { title: c('vocational'), dataIndex: 'vocational', render: (v: boolean) => <YesNo value={v} /> },
            {
              title: c('website'),
              dataIndex: 'website',
              render: (v: string | null) =>
                v ? (
                  <a href={/^https?:\/\//.test(v) ? v : `http://${v}`} target="_blank" rel="noreferrer noopener">
                    {v}
                  </a>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      );
  }
}

/** 基础数据: the national and Chongqing reference lists the rest of the platform codes against. */
export default function ReferencePage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const raw = sp.get('tab');
  const tab: TabKey = (tabKeys as readonly string[]).includes(raw ?? '') ? (raw as TabKey) : 'districts';

  return (
    <PageContainer title={t('menu.reference')}>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSp(key === 'districts' ? {} : { tab: key })}
        destroyOnHidden
        items={tabKeys.map((k) => ({
          key: k,
          label: t(`reference.tabs.${k}`),
          children: <ReferenceTable tab={k} />,
        }))}
      />
    </PageContainer>
  );
}
