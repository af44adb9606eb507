import { api, type JobItem } from '@chanjiao/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { queryKeyOf, routeKey } from '../../api/queries';
import { request } from '../../api/request';
import { useAction } from '../../components/useAction';

/** 发布 / 关闭 / 删除 / 恢复 of a job, each refreshing the lists and the job's detail. */
export function useJobActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const saved = (j: JobItem) => {
    queryClient.setQueryData(queryKeyOf(api.getJob, { params: { id: j.id } }), j);
    void queryClient.invalidateQueries({ queryKey: routeKey(api.listJobs) });
    void queryClient.invalidateQueries({ queryKey: routeKey(api.recommendStudents) });
  };
  const status = useAction(
    ({ job, to }: { job: JobItem; to: 'published' | 'closed' }) =>
      request(api.setJobStatus, { params: { id: job.id }, body: { status: to } }),
    {
      after: saved,
      done: (j) =>
        j.status === 'published'
          ? t('work.job.published', { title: j.title })
          : t('work.job.closed', { title: j.title }),
    },
  );
  const remove = useAction((job: JobItem) => request(api.deleteJob, { params: { id: job.id } }), {
    after: saved,
    done: (j) => t('work.job.deleted', { title: j.title }),
  });
  const restore = useAction((job: JobItem) => request(api.restoreJob, { params: { id: job.id } }), {
    after: saved,
    done: (j) => t('work.job.restored', { title: j.title }),
  });
  return {
    publish: (job: JobItem) => status.mutateAsync({ job, to: 'published' }).catch(() => undefined),
    close: (job: JobItem) => status.mutateAsync({ job, to: 'closed' }).catch(() => undefined),
    remove: (job: JobItem) => remove.mutateAsync(job).catch(() => undefined),
    restore: (job: JobItem) => restore.mutateAsync(job).catch(() => undefined),
    busy: status.isPending || remove.isPending || restore.isPending,
  };
}
