import { UploadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { ImportDialog, type ImportDialogProps } from './ImportDialog';

/**
 * A 批量导入 button with its dialog (rendered in a portal, so it may sit in any toolbar); the
 * button's test id is the dialog's prefix.
 */
export function ImportButton({
  label,
  testId,
  ...dialog
}: Omit<ImportDialogProps, 'open' | 'onClose'> & { label: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<UploadOutlined />} onClick={() => setOpen(true)} data-testid={testId}>
        {label}
      </Button>
      <ImportDialog {...dialog} open={open} onClose={() => setOpen(false)} testId={testId} />
    </>
  );
}
