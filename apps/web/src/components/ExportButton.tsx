import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShowError } from './useShowError';

/**
 * One download at a time: `busy` is the key of the one under way (null when idle); `run` starts
 * one, shows its failure as a toast and frees the key when it ends.
 */
export function useDownloading<K extends string = 'file'>() {
  const showError = useShowError();
  const [busy, setBusy] = useState<K | null>(null);
  const run = (key: K, start: () => Promise<unknown>) => {
    setBusy(key);
    start()
      .catch(showError)
      .finally(() => setBusy(null));
  };
  return { busy, run };
}

/**
 * 导出 of a list: `run` downloads the file (through the typed `download` helper, usually with the
 * list's filters: `exportQuery(state)`); the button spins meanwhile and a failure is a toast.
 */
export function ExportButton({ run, testId }: { run: () => Promise<void>; testId?: string }) {
  const { t } = useTranslation();
  return <DownloadButton run={run} icon={<DownloadOutlined />} label={t('common.export')} testId={testId} />;
}

/**
 * A button that downloads one generated file (an entry's report, a ranking's PDF…): the button
 * spins meanwhile and a failure is a toast. `link`: the small link style of a table row.
 */
export function DownloadButton({
  run,
  icon,
  label,
  testId,
  link,
}: {
  run: () => Promise<unknown>;
  icon: ReactNode;
  label: ReactNode;
  testId?: string;
  link?: boolean;
}) {
  const download = useDownloading();
  return (
    <Button
      type={link ? 'link' : 'default'}
      size={link ? 'small' : undefined}
      icon={icon}
      loading={download.busy !== null}
      onClick={() => download.run('file', run)}
      data-testid={testId}
    >
      {label}
    </Button>
  );
}
