/**
 * Who sees and does what in evaluation rounds. Officials (evaluation.manage) see every round and
 * entry; only those without an organization (市教委/工作专班) run rounds — an official account of a
 * government department (the ledger's responsible units) reads them like everyone else's but
 * cannot manage them, as in the ledger; a secretariat or council member sees his consortium's entries of rounds past draft and a
 * secretariat fills them (evaluation.self); a reviewer sees only the entries assigned to him and,
 * until the round is consolidated, only his own scores.
 */
import type { Actor } from '../../lib/context';
import { managesCitywide } from '../identity';
import type { Visibility } from './rounds.repository';

export interface Viewer {
  userId: string | null;
  manage: boolean;
  /** The consortium whose entries the caller reads (secretariat, council). */
  consortiumId: string | null;
  /** May fill and submit that consortium's self-assessments. */
  self: boolean;
  reviewer: boolean;
  visibility: Visibility;
}

export function viewerOf(actor: Actor | null): Viewer {
  const p = actor?.permissions ?? new Set();
  const roles = new Set(actor?.roles ?? []);
  const official = p.has('evaluation.manage');
  const manage = managesCitywide(actor, 'evaluation.manage');
  const consortiumId =
    actor?.consortiumId && (roles.has('secretariat') || roles.has('council')) ? actor.consortiumId : null;
  const reviewer = p.has('evaluation.review') && roles.has('reviewer');
  const visibility: Visibility = official
    ? { all: true }
    : consortiumId
      ? { consortiumId }
      : reviewer && actor
        ? { reviewerId: actor.userId }
        : { none: true };
  return {
    userId: actor?.userId ?? null,
    manage,
    consortiumId,
    self: Boolean(consortiumId) && p.has('evaluation.self'),
    reviewer,
    visibility,
  };
}

/** May the viewer fill this consortium's self-assessment (its own secretariat). */
export const canFill = (v: Viewer, consortiumId: string) => v.self && v.consortiumId === consortiumId;
