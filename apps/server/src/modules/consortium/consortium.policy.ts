import { consortiumTransitions } from '@chanjiao/contracts';
import type { Actor } from '../../lib/context';
import { AppError, outOfScope } from '../../lib/errors';
import { allows, type Scope } from '../identity';

interface ConsortiumRef {
  id: string;
  status: string;
}

/**
 * Who may change a consortium's registry: its own secretariat (write scope), and only while the
 * consortium is not revoked (撤销 makes it read-only). OUT_OF_SCOPE, CONFLICT.
 */
export function assertWritable(scope: Scope, c: ConsortiumRef): void {
  if (!allows(scope, 'write', { consortiumId: c.id })) throw outOfScope();
  if (c.status === 'revoked')
    throw new AppError('CONFLICT', {
      'zh-CN': '联合体已撤销，不能修改',
      'en-US': 'The consortium has been revoked and can no longer be changed',
    });
}

/** OUT_OF_SCOPE unless the caller may read the consortium. */
export function assertReadable(scope: Scope, c: { id: string }): void {
  if (!allows(scope, 'read', { consortiumId: c.id })) throw outOfScope();
}

/** What the caller may do on the detail page: edit the registry, decide the next status. */
export function capabilities(actor: Actor | null, scope: Scope, c: ConsortiumRef) {
  const perms = actor?.permissions;
  const status = c.status as keyof typeof consortiumTransitions;
  return {
    edit: !!perms?.has('consortium.write') && allows(scope, 'write', { consortiumId: c.id }) && c.status !== 'revoked',
    decideStatus: !!perms?.has('consortium.status') && (consortiumTransitions[status]?.length ?? 0) > 0,
  };
}
