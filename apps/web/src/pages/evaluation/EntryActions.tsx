import {
  FilePdfOutlined,
  FlagOutlined,
  MinusCircleOutlined,
  RollbackOutlined,
  StarFilled,
  TeamOutlined,
} from '@ant-design/icons';
import { api, type EntryItem, PROVINCE_RECOMMENDATION_CAP } from '@chanjiao/contracts';
import type { ButtonProps } from 'antd';
import { Button, Popconfirm, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { download, request } from '../../api/request';
import { DownloadButton } from '../../components/ExportButton';
import { useAction } from '../../components/useAction';
import { useRoundsChanged } from './roundLabels';

export type EntryModalKind = 'assign' | 'deduct' | 'decide' | 'return';

/**
 * An official's actions on one entry — 分配评审专家, 扣分, 退回, 推荐 / 取消推荐, 验收决定 — and the
 * entry's PDF report, as buttons on the entry page or as links in a row of the round's entries.
 * `can` says which apply; the modals are the caller's (`onOpen`), 推荐 is toggled here.
 */
export function EntryActions({
  entry: e,
  can,
  onOpen,
  inTable,
}: {
  entry: Pick<EntryItem, 'id' | 'consortiumName' | 'roundName' | 'recommended'>;
  can: Record<EntryModalKind | 'recommend', boolean>;
  onOpen: (kind: EntryModalKind) => void;
  /** Small link buttons for a table row (the decision is then not highlighted). */
  inTable?: boolean;
}) {
  const { t } = useTranslation();
  const changed = useRoundsChanged();
  const recommend = useAction(
    () => request(api.recommendEvaluationEntry, { params: { id: e.id }, body: { recommended: !e.recommended } }),
    {
      after: changed,
      done: (next) =>
        next.recommended
          ? t('evaluation.recommend.done', { name: next.consortiumName })
          : t('evaluation.recommend.undone', { name: next.consortiumName }),
    },
  );
  const look: ButtonProps = inTable ? { type: 'link', size: 'small' } : {};
  const report = (
    <DownloadButton
      link={inTable}
      icon={<FilePdfOutlined />}
      label={t('evaluation.entry.report')}
      run={() =>
        download(
          api.evaluationEntryReport,
          { params: { id: e.id } },
          `${e.consortiumName}-${e.roundName}-${t('evaluation.entry.report')}.pdf`,
        )
      }
      testId="entry-report"
    />
  );
  return (
    <>
      {can.assign ? (
        <Button {...look} icon={<TeamOutlined />} onClick={() => onOpen('assign')} data-testid="entry-assign">
          {t('evaluation.assign.button')}
        </Button>
      ) : null}
      {can.deduct ? (
        <Button {...look} icon={<MinusCircleOutlined />} onClick={() => onOpen('deduct')} data-testid="entry-deduct">
          {t('evaluation.deduction.button')}
        </Button>
      ) : null}
      {can.return ? (
        <Button
          {...look}
          danger
          icon={<RollbackOutlined />}
          onClick={() => onOpen('return')}
          data-testid="entry-return"
        >
          {t('evaluation.return.button')}
        </Button>
      ) : null}
      {can.recommend ? (
        <Popconfirm
          title={
            e.recommended
              ? t('evaluation.recommend.undoConfirm', { name: e.consortiumName })
              : t('evaluation.recommend.confirm', { name: e.consortiumName, cap: PROVINCE_RECOMMENDATION_CAP })
          }
          okText={t('common.confirm')}
          cancelText={t('common.cancel')}
          onConfirm={() => recommend.mutateAsync()}
        >
          <Button {...look} icon={<StarFilled />} data-testid="entry-recommend">
            {e.recommended ? t('evaluation.recommend.undo') : t('evaluation.recommend.button')}
          </Button>
        </Popconfirm>
      ) : null}
      {can.decide ? (
        <Button
          {...look}
          type={inTable ? 'link' : 'primary'}
          icon={<FlagOutlined />}
          onClick={() => onOpen('decide')}
          data-testid="entry-decide"
        >
          {t('evaluation.decision.button')}
        </Button>
      ) : null}
      {inTable ? <Tooltip title={t('evaluation.entry.reportHint')}>{report}</Tooltip> : report}
    </>
  );
}
