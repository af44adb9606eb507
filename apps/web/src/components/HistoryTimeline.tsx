import { Empty, Flex, Tag, Timeline, Typography } from 'antd';
import { formatTime } from './labels';

/** One dated step of a record's history as the timeline shows it. */
export interface HistoryStep {
  id: string | number;
  at: string;
  /** What happened (操作), bold. */
  title: string;
  /** A short qualifier beside it: the quarter, the consortium… */
  tag?: string | null;
  actorName?: string | null;
  /** The comment or reason given, kept with its line breaks. */
  note?: string | null;
  color?: string;
}

/** 历史记录: the dated steps of a record in the order given (callers pass newest first). */
export function HistoryTimeline({
  steps,
  emptyText,
  testId,
}: {
  steps: readonly HistoryStep[];
  emptyText: string;
  testId?: string;
}) {
  if (steps.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />;
  return (
    <Timeline
      data-testid={testId}
      items={steps.map((e) => ({
        key: e.id,
        color: e.color,
        content: (
          <div>
            <Flex gap={6} wrap align="baseline">
              <Typography.Text strong>{e.title}</Typography.Text>
              {e.tag ? <Tag style={{ marginInlineEnd: 0 }}>{e.tag}</Tag> : null}
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatTime(e.at)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </Flex>
            {e.note ? <div className="pre-wrap">{e.note}</div> : null}
          </div>
        ),
      }))}
    />
  );
}
