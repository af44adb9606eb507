import { api, type WarningItem } from '@chanjiao/contracts';
import { useQueries } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { queryKeyOf, useApiQuery } from '../../../api/queries';
import { request } from '../../../api/request';
import { useMe } from '../../../api/session';
import { PageContainer } from '../../../components/PageContainer';
import { useErrorText } from '../../../components/useShowError';
import { count, percent, ratioText, thisYear, yearOptions } from '../format';
import { WarningReasons, WarningTag, YearSelect } from '../shared';
import { useStudentMajors } from '../students/useSupply';
import { MajorJobsDrawer } from './MajorJobsDrawer';

interface MajorRow {
  code: string;
  name: string | null;
  students: number;
  warning: WarningItem | undefined;
  jobs: number | undefined;
  headCount: number | undefined;
  /** More published jobs than one request sums (the head count is a lower bound). */
  partial: boolean;
}

/** Jobs summed per major in one request; a major with more shows "≥". */
const jobPageSize = 200;

/**
 * 专业对接 (school): each major the school teaches (from its students and cohorts) against the
 * published jobs open to it — how many, how many people they ask for — and its 红/黄/绿 warning
 * with the reasons. A job count opens the list of those jobs.
 */
export default function MajorsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const me = useMe().data!.user;
  const [sp, setSp] = useSearchParams();
  const year = Number(sp.get('year')) || thisYear();
  const [open, setOpen] = useState<{ code: string; name: string | null } | null>(null);

  const students = useStudentMajors();
  const warnings = useApiQuery(
    api.majorWarnings,
    { query: { year, schoolOrgId: me.orgId ?? undefined, pageSize: 200 } },
    { enabled: !!me.orgId },
  );

  const majors = useMemo(() => {
    const byCode = new Map<string, { code: string; name: string | null; students: number }>();
    for (const m of students.majors) byCode.set(m.code, { code: m.code, name: m.name, students: m.count });
    for (const w of warnings.data?.items ?? [])
      if (!byCode.has(w.majorCode)) byCode.set(w.majorCode, { code: w.majorCode, name: w.majorName, students: 0 });
    return [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }, [students.majors, warnings.data]);

  const jobs = useQueries({
    queries: majors.map((m) => {
      const input = { query: { major: m.code, status: 'published' as const, pageSize: jobPageSize } };
      return {
        queryKey: queryKeyOf(api.listJobs, input),
        queryFn: () => request(api.listJobs, input),
        staleTime: 60_000,
      };
    }),
  });
  const jobsError = jobs.find((j) => j.isError)?.error;

  const rows: MajorRow[] = majors.map((m, i) => {
    const j = jobs[i]?.data;
    return {
      ...m,
      warning: warnings.data?.items.find((w) => w.majorCode === m.code),
      jobs: j?.total,
      headCount: j?.items.reduce((s, x) => s + x.headCount, 0),
      partial: !!j && j.total > j.items.length,
    };
  });

  const columns: ColumnsType<MajorRow> = [
    {
      title: t('insight.students.major'),
      dataIndex: 'code',
      fixed: screens.sm ? undefined : 'left',
      render: (code: string, r) => (
        <div style={{ minWidth: 120, maxWidth: 220, whiteSpace: 'normal' }}>
          {r.name ?? code}
          <Typography.Text type="secondary" className="mono" style={{ display: 'block', fontSize: 12 }}>
            {code}
            {r.warning?.className ? ` · ${r.warning.className}` : ''}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('insight.majors.students'),
      dataIndex: 'students',
      align: 'right',
      render: (v: number, r) => (v ? <Link to={`/talent/students?majorCode=${r.code}`}>{count(v)}</Link> : '0'),
    },
    {
      title: t('insight.majors.publishedJobs'),
      dataIndex: 'jobs',
      align: 'right',
      render: (v: number | undefined, r) =>
        v === undefined ? (
          '…'
        ) : (
          <Button
            type="link"
            size="small"
            style={{ paddingInline: 0 }}
            onClick={() => setOpen({ code: r.code, name: r.name })}
            data-testid="major-jobs"
          >
            {t('insight.majors.jobsCount', { count: v })}
          </Button>
        ),
    },
    {
      title: t('insight.majors.headCountDemand'),
      dataIndex: 'headCount',
      align: 'right',
      render: (v: number | undefined, r) => (v === undefined ? '…' : `${r.partial ? '≥ ' : ''}${count(v)}`),
    },
    {
      title: t('insight.majors.graduates', { year }),
      key: 'graduates',
      align: 'right',
      render: (_, r) => (r.warning ? count(r.warning.graduates) : '—'),
    },
    {
      title: t('insight.majors.placement'),
      key: 'placement',
      align: 'right',
      render: (_, r) => {
        const rates = r.warning?.placementRates ?? [];
        return percent(rates.find((x) => x.year === year)?.rate ?? null);
      },
    },
    {
      title: t('insight.majors.ratio'),
      key: 'ratio',
      align: 'right',
      render: (_, r) => ratioText(r.warning?.ratio),
    },
    {
      title: t('insight.majors.warning'),
      key: 'warning',
      render: (_, r) =>
        r.warning ? (
          <Flex vertical gap={4} align="flex-start" style={{ minWidth: 200, maxWidth: 360 }}>
            <WarningTag warning={r.warning} />
            {r.warning.reasons.slice(0, 1).map((x) => (
              <Typography.Text key={x.ruleId} type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
                {x.text}
              </Typography.Text>
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('insight.majors.noWarning')}</Typography.Text>
        ),
    },
  ];

  const loading = students.loading || warnings.isLoading;
  return (
    <PageContainer
      title={t('insight.menu.majors')}
      extra={
        <YearSelect
          value={year}
          onChange={(y) => setSp(y === thisYear() ? {} : { year: String(y) })}
          options={yearOptions()}
        />
      }
    >
      <Typography.Paragraph type="secondary">{t('insight.majors.intro', { year })}</Typography.Paragraph>
      {warnings.isError && (
        <Alert type="error" showIcon title={errorText(warnings.error)} style={{ marginBottom: 12 }} />
      )}
      {jobsError && <Alert type="error" showIcon title={errorText(jobsError)} style={{ marginBottom: 12 }} />}
      <Card styles={{ body: { padding: screens.md ? 16 : 8 } }}>
        <Table<MajorRow>
          rowKey="code"
          columns={columns}
          dataSource={rows}
          loading={loading}
          pagination={false}
          scroll={{ x: 'max-content' }}
          size={screens.md ? 'middle' : 'small'}
          expandable={{
            rowExpandable: (r) => !!r.warning,
            expandedRowRender: (r) =>
              r.warning ? (
                <Flex vertical gap={8}>
                  <WarningReasons warning={r.warning} />
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('insight.majors.rates')}
                    {r.warning.placementRates
                      .map((x) => t('insight.yearRate', { year: x.year, rate: percent(x.rate) }))
                      .join(t('insight.listSep'))}
                  </Typography.Text>
                </Flex>
              ) : null,
          }}
          locale={{
            emptyText: (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={loading ? t('common.loading') : t('insight.majors.empty')}
              >
                {!loading && <Link to="/talent/students">{t('insight.majors.emptyAction')}</Link>}
              </Empty>
            ),
          }}
          data-testid="majors-table"
        />
      </Card>
      <MajorJobsDrawer major={open} onClose={() => setOpen(null)} />
    </PageContainer>
  );
}
