import { api, type CohortItem, type CohortListResponse, destinations } from '@chanjiao/contracts';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { count, destinationLabel, percent } from '../format';
import { CohortFormModal } from './CohortFormModal';
import { SupplyTab } from './SupplyTab';

/** 毕业生去向: graduates of each major and year with their destinations and 去向落实率; the school edits its own. */
export function CohortsTab() {
  const { t } = useTranslation();
  return (
    <SupplyTab<CohortItem, CohortListResponse>
      kind="cohorts"
      routes={{
        list: api.listCohorts,
        remove: api.deleteCohort,
        export: api.exportCohorts,
        template: api.cohortImportTemplate,
        import: api.importCohorts,
      }}
      figures={[
        {
          title: t('insight.cohorts.graduates'),
          dataIndex: 'graduates',
          align: 'right',
          render: (v: number) => count(v),
        },
        ...destinations.map((d) => ({
          title: destinationLabel(d),
          dataIndex: d,
          align: 'right' as const,
          render: (v: number) =>
            d === 'unplaced' && v > 0 ? <Typography.Text type="warning">{count(v)}</Typography.Text> : count(v),
        })),
        {
          title: t('insight.cohorts.placementRate'),
          dataIndex: 'placementRate',
          align: 'right',
          render: (v: number | null) => <strong data-testid="cohort-rate">{percent(v)}</strong>,
        },
      ]}
      summary={(data) =>
        data && data.totals.graduates > 0 ? (
          <Typography.Paragraph type="secondary" data-testid="cohort-totals">
            {t('insight.cohorts.totals', {
              graduates: count(data.totals.graduates),
              unplaced: count(data.totals.unplaced),
              rate: percent(data.totals.placementRate),
            })}
          </Typography.Paragraph>
        ) : null
      }
      Form={CohortFormModal}
    />
  );
}
