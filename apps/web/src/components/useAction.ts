import { useMutation } from '@tanstack/react-query';
import { App } from 'antd';
import { useShowError } from './useShowError';

/**
 * A write started from a list or a page (delete, restore, publish …): on success `after` refreshes
 * what it changed and `done` is the toast; a failure is an error toast.
 */
export function useAction<A = void, R = unknown>(
  run: (arg: A) => Promise<R>,
  { after, done }: { after?: (result: R, arg: A) => void; done: (result: R, arg: A) => string },
) {
  const { message } = App.useApp();
  const showError = useShowError();
  return useMutation({
    mutationFn: run,
    onSuccess: (result: R, arg: A) => {
      after?.(result, arg);
      message.success(done(result, arg));
    },
    onError: showError,
  });
}
