import type { ConsortiumStatus } from '@chanjiao/contracts';
import { Tag } from 'antd';
import { codeLabel, consortiumStatusColor } from '../../components/labels';

/** The lifecycle stage, one colour per stage. */
export function StatusTag({ status }: { status: ConsortiumStatus }) {
  return (
    <Tag color={consortiumStatusColor[status]} data-testid="consortium-status">
      {codeLabel('consortiumStatus', status)}
    </Tag>
  );
}
