import { creditCodeProblem, memberRoleLabels, memberRoles } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { defineColumns, type RowValues, templateXlsx } from '../../lib/sheets';
import { appendAudit } from '../audit';
import type { ImportHandler } from '../imports';
import * as repo from './consortium.repository';
import { writableConsortium } from './consortium.service';

/** The member sheet: organizations already in the registry, by 统一社会信用代码. */
export const memberImportColumns = defineColumns([
  {
    key: 'creditCode',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码'],
    required: true,
    kind: 'code',
    comment: '单位须已在单位名录中登记（可先导入单位名录）；请将该列设为文本格式',
    validate: (v: string) => creditCodeProblem(v),
  },
  { key: 'name', header: '单位名称', comment: '选填；填写时须与登记名称一致，用于核对' },
  { key: 'memberRole', header: '成员类型', required: true, options: memberRoles.map((r) => memberRoleLabels[r]) },
  { key: 'joinedOn', header: '加入日期', required: true, kind: 'date', example: '2023-10-27' },
] as const);

const roleByLabel = new Map(memberRoles.map((r) => [memberRoleLabels[r], r]));

export function memberImportTemplate(): Promise<Buffer> {
  return templateXlsx(memberImportColumns, {
    sheetName: '成员单位',
    instructions:
      '每行一个成员单位，以统一社会信用代码识别，单位须已登记。已是成员的单位按本表更新成员类型和加入日期；同一文件重复导入不会产生重复成员。任何一行有错误时整个文件都不导入。',
  });
}

/**
 * 成员单位批量导入 into one consortium (its secretariat): each code must name a registered
 * organization (and match the name when given); joining dates not before the founding date;
 * active members are updated, others added, all in one transaction, each change audited.
 */
export function memberImportHandler(consortiumId: string): ImportHandler {
  return {
    kind: 'members',
    async prepare(ctx: Ctx) {
      const consortium = await writableConsortium(ctx, consortiumId);
      return {
        columns: memberImportColumns,
        stage: [
          ['credit_code', 'text'],
          ['name', 'text'],
          ['member_role', 'text'],
          ['joined_on', 'date'],
        ],
        key: { column: 'creditCode', stage: 'credit_code' },
        row(values) {
          const v = values as RowValues<typeof memberImportColumns>;
          if (consortium.foundedOn && v.joinedOn < consortium.foundedOn)
            return {
              issues: [{ key: 'joinedOn', reason: `加入日期不能早于联合体成立日期（${consortium.foundedOn}）` }],
            };
          return { values: [v.creditCode, v.name, roleByLabel.get(v.memberRole as never)!, v.joinedOn] };
        },
        conflicts: (stage) => repo.stagedMemberConflicts(stage),
        async apply(tx, stage) {
          await repo.lockConsortium(tx, consortiumId);
          const rows = await repo.stagedMembers(tx, stage);
          const active = new Map((await repo.activeMemberships(tx, consortiumId)).map((m) => [m.orgId, m]));
          let created = 0;
          let updated = 0;
          for (const r of rows) {
            const m = active.get(r.orgId);
            if (!m) {
              const id = await repo.insertMember(tx, {
                consortiumId,
                orgId: r.orgId,
                memberRole: r.memberRole,
                joinedOn: r.joinedOn,
              });
              await appendAudit(tx, ctx, {
                action: 'consortium.member.add',
                entity: 'consortium_member',
                entityId: id,
                after: {
                  consortiumId,
                  orgId: r.orgId,
                  orgName: r.orgName,
                  memberRole: r.memberRole,
                  joinedOn: r.joinedOn,
                  via: 'import',
                },
              });
              created += 1;
            } else if (m.memberRole !== r.memberRole || m.joinedOn !== r.joinedOn) {
              await repo.updateMember(tx, m.id, { memberRole: r.memberRole, joinedOn: r.joinedOn });
              await appendAudit(tx, ctx, {
                action: 'consortium.member.update',
                entity: 'consortium_member',
                entityId: m.id,
                before: { memberRole: m.memberRole, joinedOn: m.joinedOn },
                after: { memberRole: r.memberRole, joinedOn: r.joinedOn, via: 'import' },
              });
              updated += 1;
            }
          }
          return { created, updated, unchanged: rows.length - created - updated };
        },
      };
    },
  };
}
