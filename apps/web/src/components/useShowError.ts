import { App } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/request';

/** The text a person reads for an error: the server's (already localized) message and its request id. */
export function useErrorText() {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown): string => {
      if (error instanceof ApiError) {
        return error.requestId ? `${error.message}（${t('error.requestId')}: ${error.requestId}）` : error.message;
      }
      return error instanceof Error ? error.message : t('error.unknown');
    },
    [t],
  );
}

/** One place that turns a failed call into a toast. */
export function useShowError() {
  const { message } = App.useApp();
  const text = useErrorText();
  return useCallback((error: unknown) => void message.error(text(error)), [message, text]);
}
