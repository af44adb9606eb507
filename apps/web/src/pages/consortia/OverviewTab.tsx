import { EditOutlined, FlagOutlined } from '@ant-design/icons';
import { type ConsortiumDetail, consortiumTransitions } from '@chanjiao/contracts';
import { Button, Card, Col, Descriptions, Empty, Flex, Grid, Row, Space, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { codeLabel, consortiumStatusColor, formatTime } from '../../components/labels';
import { useClusters } from '../../components/registry/refs';
import { PlatformModal } from './PlatformModal';
import { StatusModal } from './StatusModal';
import { StatusTag } from './StatusTag';

const timelineColor = { preparing: 'gray', cultivating: 'blue', accepted: 'green', exemplary: 'green', revoked: 'red' };

/** 概况: registry fields, lead units and parks, the status and its history, operating platform, secretariat. */
export function OverviewTab({ consortium: c }: { consortium: ConsortiumDetail }) {
  const { t } = useTranslation();
  const screens = Grid.useBreakpoint();
  const clusters = useClusters();
  const [deciding, setDeciding] = useState(false);
  const [editingPlatform, setEditingPlatform] = useState(false);
  const next = consortiumTransitions[c.status];
  // Newest first in the order the decisions were recorded (a decision may be dated earlier than the registration).
  const history = [...c.statusHistory].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const p = c.platform;
  const dash = (v: string | null | undefined) => v || '—';

  const basicCard = (
    <Card title={t('orgs.basicInfo')} size="small">
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 1, md: 2 }}
        items={[
          { key: 'name', label: t('consortia.name'), children: c.name, span: 'filled' },
          { key: 'level', label: t('consortia.level'), children: codeLabel('consortiumLevel', c.level) },
          { key: 'status', label: t('consortia.status'), children: <StatusTag status={c.status} /> },
          { key: 'foundedOn', label: t('consortia.foundedOn'), children: dash(c.foundedOn) },
          { key: 'memberCount', label: t('consortia.memberCount'), children: c.memberCount },
          ...(c.region ? [{ key: 'region', label: t('consortia.region'), children: c.region }] : []),
          {
            key: 'clusters',
            label: t('orgs.clusters'),
            span: 'filled' as const,
            children: c.clusterCodes.length
              ? c.clusterCodes.map((code) => <Tag key={code}>{clusters.names.get(code) ?? code}</Tag>)
              : '—',
          },
          {
            key: 'leads',
            label: t('consortia.leads'),
            span: 'filled' as const,
            children: c.leads.length ? (
              <Flex vertical gap={4} data-testid="consortium-leads">
                {c.leads.map((l) => (
                  <span key={l.orgId}>
                    <Tag color="purple">{codeLabel('leadKind', l.leadKind)}</Tag>
                    <Link to={`/orgs/${l.orgId}`}>{l.orgName}</Link>
                  </span>
                ))}
              </Flex>
            ) : (
              '—'
            ),
          },
          {
            key: 'parks',
            label: t('consortia.parks'),
            span: 'filled' as const,
            children: c.parks.length ? (
              <Space size={[4, 4]} wrap>
                {c.parks.map((park) => (
                  <Tag key={park.orgId}>{park.orgName}</Tag>
                ))}
              </Space>
            ) : (
              '—'
            ),
          },
          {
            key: 'description',
            label: t('consortia.description'),
            span: 'filled' as const,
            children: c.description ? <div className="pre-wrap">{c.description}</div> : '—',
          },
        ]}
      />
    </Card>
  );
  const platformCard = (
    <Card
      title={t('platform.title')}
      size="small"
      extra={
        c.can.edit && (
          <Button
            size="small"
            icon={<EditOutlined />}
            onClick={() => setEditingPlatform(true)}
            data-testid="platform-edit"
          >
            {p ? t('common.edit') : t('platform.fill')}
          </Button>
        )
      }
      data-testid="platform-card"
    >
      {p ? (
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 1, md: 2 }}
          items={[
            { key: 'legalEntityName', label: t('platform.legalEntityName'), children: p.legalEntityName },
            {
              key: 'creditCode',
              label: t('orgs.creditCode'),
              children: p.creditCode ? <span className="mono">{p.creditCode}</span> : '—',
            },
            { key: 'entityType', label: t('platform.entityType'), children: dash(p.entityType) },
            { key: 'establishedOn', label: t('platform.establishedOn'), children: dash(p.establishedOn) },
            { key: 'managerName', label: t('platform.managerName'), children: dash(p.managerName) },
            {
              key: 'managerPhone',
              label: t('platform.managerPhone'),
              children: p.managerPhone ? <span className="mono">{p.managerPhone}</span> : '—',
            },
            {
              key: 'note',
              label: t('common.note'),
              span: 'filled' as const,
              children: p.note ? <div className="pre-wrap">{p.note}</div> : '—',
            },
            { key: 'updatedAt', label: t('common.updatedAt'), children: formatTime(p.updatedAt) },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('platform.none')} />
      )}
    </Card>
  );
  const statusCard = (
    <Card
      title={t('consortia.statusHistory')}
      size="small"
      extra={
        c.can.decideStatus &&
        next.length > 0 && (
          <Button
            size="small"
            type="primary"
            icon={<FlagOutlined />}
            onClick={() => setDeciding(true)}
            data-testid="status-decide"
          >
            {t('consortia.decideStatus')}
          </Button>
        )
      }
      data-testid="status-card"
    >
      <Flex align="center" gap={8} style={{ marginBottom: 16 }}>
        <Typography.Text type="secondary">{t('consortia.currentStatus')}</Typography.Text>
        <StatusTag status={c.status} />
      </Flex>
      {history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consortia.noHistory')} />
      ) : (
        <Timeline
          data-testid="status-timeline"
          items={history.map((h) => ({
            key: `${h.createdAt}-${h.toStatus}`,
            color: timelineColor[h.toStatus],
            content: (
              <div className="timeline-entry">
                <div>
                  <Typography.Text strong>{h.decidedOn}</Typography.Text>{' '}
                  {h.fromStatus && (
                    <>
                      <Tag color={consortiumStatusColor[h.fromStatus]} style={{ marginInlineEnd: 4 }}>
                        {codeLabel('consortiumStatus', h.fromStatus)}
                      </Tag>
                      →{' '}
                    </>
                  )}
                  <Tag color={consortiumStatusColor[h.toStatus]}>{codeLabel('consortiumStatus', h.toStatus)}</Tag>
                </div>
                <div className="pre-wrap">{h.reason}</div>
                {h.documentNo && (
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t('consortia.documentNo')}：{h.documentNo}
                  </Typography.Text>
                )}
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
  const secretariatCard = (
    <Card title={t('consortia.secretariat')} size="small" data-testid="secretariat-card">
      {c.secretariat.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('consortia.noSecretariat')} />
      ) : (
        <Flex vertical gap={6}>
          {c.secretariat.map((s) => (
            <span key={s.userId}>
              {s.displayName}{' '}
              <Typography.Text type="secondary" className="mono">
                {s.username}
              </Typography.Text>
            </span>
          ))}
        </Flex>
      )}
    </Card>
  );

  return (
    <>
      {screens.xl ? (
        <Row gutter={16}>
          <Col span={15}>
            <Flex vertical gap={16}>
              {basicCard}
              {platformCard}
            </Flex>
          </Col>
          <Col span={9}>
            <Flex vertical gap={16}>
              {statusCard}
              {secretariatCard}
            </Flex>
          </Col>
        </Row>
      ) : (
        // One column: the status right after the registry fields.
        <Flex vertical gap={16}>
          {basicCard}
          {statusCard}
          {platformCard}
          {secretariatCard}
        </Flex>
      )}
      {c.can.decideStatus && <StatusModal consortium={c} open={deciding} onClose={() => setDeciding(false)} />}
      {c.can.edit && <PlatformModal consortium={c} open={editingPlatform} onClose={() => setEditingPlatform(false)} />}
    </>
  );
}
