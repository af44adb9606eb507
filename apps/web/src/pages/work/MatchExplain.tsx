import { matchFactorMax as factorMax, type MatchExplanation, type MatchFactors } from '@chanjiao/contracts';
import { Flex, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { currentLanguage } from '../../i18n';

type Factor = keyof MatchFactors;

const factorOrder: Factor[] = ['major', 'skills', 'certs', 'district', 'cluster', 'kind'];
const factorColor: Record<Factor, string> = {
  major: '#1677ff',
  skills: '#13c2c2',
  certs: '#722ed1',
  district: '#fa8c16',
  cluster: '#52c41a',
  kind: '#eb2f96',
};
const totalMax = factorOrder.reduce((s, f) => s + factorMax[f], 0);

/** The reason sentence in the UI language (专业完全匹配 · 技能 3/4 · 同区县). */
export function reasonOf(m: Pick<MatchExplanation, 'reason' | 'reasonEn'>): string {
  return currentLanguage() === 'en-US' ? m.reasonEn : m.reason;
}

/** The score and a bar made of one segment per factor, each as wide as the points it added. */
export function ScoreBar({ m, width = 160 }: { m: Pick<MatchExplanation, 'score' | 'factors'>; width?: number }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={4} style={{ width }} data-testid="match-score">
      <Flex align="baseline" gap={4}>
        <Typography.Text strong style={{ fontSize: 18 }} data-testid="match-score-value">
          {m.score}
        </Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          / {totalMax}
        </Typography.Text>
      </Flex>
      <div
        role="img"
        aria-label={t('work.match.scoreOf', { score: m.score, max: totalMax })}
        style={{ display: 'flex', height: 8, borderRadius: 4, overflow: 'hidden', background: 'rgba(0,0,0,0.06)' }}
      >
        {factorOrder
          .filter((f) => m.factors[f] > 0)
          .map((f) => (
            <Tooltip key={f} title={`${t(`work.factor.${f}`)} ${m.factors[f]}/${factorMax[f]}`}>
              <div style={{ width: `${(100 * m.factors[f]) / totalMax}%`, background: factorColor[f] }} />
            </Tooltip>
          ))}
      </div>
    </Flex>
  );
}

/** One tag per factor that added points: 专业 40/40 · 技能 18/30 … */
export function FactorTags({ factors }: { factors: MatchFactors }) {
  const { t } = useTranslation();
  const shown = factorOrder.filter((f) => factors[f] > 0);
  if (shown.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex wrap gap={4} style={{ maxWidth: 260 }} data-testid="match-factors">
      {shown.map((f) => (
        <Tag key={f} color={factorColor[f]} style={{ marginInlineEnd: 0 }}>
          {t(`work.factor.${f}`)} {factors[f]}/{factorMax[f]}
        </Tag>
      ))}
    </Flex>
  );
}
