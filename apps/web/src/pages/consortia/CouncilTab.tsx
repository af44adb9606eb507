import { PlusOutlined } from '@ant-design/icons';
import { type ConsortiumDetail, councilSeatKinds } from '@chanjiao/contracts';
import { Button, Card, Flex, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { period } from '../../components/dates';
import { codeLabel } from '../../components/labels';
import { EndSeatModal, SeatModal } from './SeatModals';

export type Seat = ConsortiumDetail['council'][number];

const seatOrder = (s: Seat['seat']) => councilSeatKinds.indexOf(s);

/** Current seats first, by rank (理事长, 副理事长, 理事, 秘书长), then the most recent term. */
export function sortSeats(seats: readonly Seat[]): Seat[] {
  return [...seats].sort(
    (a, b) =>
      Number(b.current) - Number(a.current) ||
      seatOrder(a.seat) - seatOrder(b.seat) ||
      b.termStart.localeCompare(a.termStart),
  );
}

/** 理事会: seats with their terms; the secretariat appoints and ends terms. */
export function CouncilTab({ consortium: c }: { consortium: ConsortiumDetail }) {
  const { t } = useTranslation();
  const [appointing, setAppointing] = useState(false);
  const [ending, setEnding] = useState<Seat | null>(null);

  const columns: ColumnsType<Seat> = [
    {
      title: t('council.seat'),
      dataIndex: 'seat',
      render: (v: Seat['seat'], s) => (
        <Tag color={s.current ? (v === 'chair' ? 'gold' : 'blue') : undefined}>{codeLabel('councilSeat', v)}</Tag>
      ),
    },
    {
      title: t('council.person'),
      dataIndex: 'personName',
      render: (v: string, s) => (
        <div style={{ minWidth: 100 }}>
          <div>{v}</div>
          {s.personTitle && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {s.personTitle}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: t('council.org'),
      dataIndex: 'orgName',
      render: (v: string, s) => (
        <div style={{ minWidth: 160, maxWidth: 300, whiteSpace: 'normal' }}>
          <Link to={`/orgs/${s.orgId}`}>{v}</Link>
        </div>
      ),
    },
    {
      title: t('council.term'),
      key: 'term',
      render: (_, s) => period(s.termStart, s.termEnd, t('common.now')),
    },
    {
      title: t('council.state'),
      dataIndex: 'current',
      render: (v: boolean) => (v ? <Tag color="green">{t('council.current')}</Tag> : <Tag>{t('council.ended')}</Tag>),
    },
  ];
  if (c.can.edit)
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      render: (_, s) =>
        s.current ? (
          <Button type="link" size="small" danger onClick={() => setEnding(s)} data-testid={`seat-end-${s.id}`}>
            {t('council.end')}
          </Button>
        ) : null,
    });

  const seats = sortSeats(c.council);
  const currentCount = seats.filter((s) => s.current).length;
  return (
    <Card
      size="small"
      title={
        <Space size={8} wrap>
          {t('council.title')}
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {t('council.currentCount', { count: currentCount })}
          </Typography.Text>
        </Space>
      }
      extra={
        c.can.edit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setAppointing(true)} data-testid="seat-add">
            {t('council.appoint')}
          </Button>
        )
      }
    >
      <Flex vertical gap={8}>
        <Table<Seat>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={seats}
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowClassName={(s) => (s.current ? '' : 'row-muted')}
          locale={{ emptyText: t('council.empty') }}
          data-testid="council-table"
        />
      </Flex>
      {c.can.edit && (
        <>
          <SeatModal consortium={c} open={appointing} onClose={() => setAppointing(false)} />
          <EndSeatModal consortium={c} seat={ending} onClose={() => setEnding(null)} />
        </>
      )}
    </Card>
  );
}
