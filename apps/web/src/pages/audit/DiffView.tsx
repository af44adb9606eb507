import { Descriptions, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Obj = Record<string, unknown>;
interface Change {
  field: string;
  before: string;
  after: string;
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * Splits an audit diff into field changes and other details. The server writes
 * `{field: [before, after]}`, `{created: {...}}` or `{deleted: {...}}`, merged with the
 * entry's detail keys (reason, filter, …); `{before, after}` objects are read too.
 */
export function splitDiff(diff: Obj): { changes: Change[]; details: [string, unknown][] } {
  const changes: Change[] = [];
  const details: [string, unknown][] = [];
  const side = (o: unknown, created: boolean) => {
    if (!isObj(o)) return false;
    for (const [field, v] of Object.entries(o))
      changes.push({ field, before: created ? '' : show(v), after: created ? show(v) : '' });
    return true;
  };
  if (isObj(diff.before) || isObj(diff.after)) {
    const before = isObj(diff.before) ? diff.before : {};
    const after = isObj(diff.after) ? diff.after : {};
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)]))
      changes.push({ field, before: show(before[field]), after: show(after[field]) });
  }
  for (const [key, v] of Object.entries(diff)) {
    if ((key === 'before' || key === 'after') && isObj(v)) continue;
    if (key === 'created' && side(v, true)) continue;
    if (key === 'deleted' && side(v, false)) continue;
    if (Array.isArray(v) && v.length === 2) changes.push({ field: key, before: show(v[0]), after: show(v[1]) });
    else details.push([key, v]);
  }
  return { changes, details };
}

/** An audit entry's diff as a readable before/after table plus its details. */
export function DiffView({ diff }: { diff: unknown }) {
  const { t } = useTranslation();
  if (diff === null || diff === undefined)
    return <Typography.Text type="secondary">{t('audit.noDiff')}</Typography.Text>;
  if (!isObj(diff))
    return (
      <pre className="json-block" data-testid="audit-diff">
        {JSON.stringify(diff, null, 2)}
      </pre>
    );
  const { changes, details } = splitDiff(diff);
  return (
    <Flex vertical gap={12} data-testid="audit-diff" style={{ maxWidth: 960 }}>
      {changes.length > 0 && (
        <Table<Change>
          size="small"
          bordered
          pagination={false}
          rowKey="field"
          scroll={{ x: 'max-content' }}
          dataSource={changes}
          columns={[
            {
              title: t('audit.field'),
              dataIndex: 'field',
              render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
            },
            {
              title: t('audit.before'),
              dataIndex: 'before',
              render: (v: string) => <Typography.Text type="secondary">{v || '—'}</Typography.Text>,
            },
            {
              title: t('audit.after'),
              dataIndex: 'after',
              render: (v: string) => <Typography.Text strong>{v || '—'}</Typography.Text>,
            },
          ]}
        />
      )}
      {details.length > 0 && (
        <Descriptions
          size="small"
          bordered
          column={1}
          items={details.map(([key, v]) => ({
            key,
            label: key,
            children:
              isObj(v) || Array.isArray(v) ? <pre className="json-block">{JSON.stringify(v, null, 2)}</pre> : show(v),
          }))}
        />
      )}
    </Flex>
  );
}
