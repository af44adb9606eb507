import { creditCodeProblem, memberRoleLabels, memberRoles } from '@chanjiao/contracts';
import type { Ctx } from '../../lib/context';
import { defineColumns, parseSheet, type RowError, templateXlsx, validateRows } from '../../lib/sheets';
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
const header = (key: string) => memberImportColumns.find((c) => c.key === key)!.header;

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
 * active members are updated, others added, all in one transaction.
 */
export function memberImportHandler(consortiumId: string): ImportHandler {
  return {
    kind: 'members',
    async check(ctx: Ctx, input, progress) {
      const consortium = await writableConsortium(ctx, consortiumId);
      const parsed = await parseSheet(input, memberImportColumns, { onProgress: (n) => progress(n) });
      const { valid, errors } = await validateRows(parsed, memberImportColumns, { key: 'creditCode' });
      const orgs = new Map<string, { id: string; name: string }>();
      for (let i = 0; i < valid.length; i += 1000) {
        const found = await repo.orgsByCreditCodes(
          ctx.deps.db,
          valid.slice(i, i + 1000).map((r) => r.values.creditCode),
        );
        for (const o of found) orgs.set(o.creditCode!, o);
      }
      const rows: { rowNumber: number; orgId: string; orgName: string; memberRole: string; joinedOn: string }[] = [];
      const more: RowError[] = [];
      for (const { rowNumber, values: v } of valid) {
        const org = orgs.get(v.creditCode);
        if (!org) {
          more.push({
            rowNumber,
            column: header('creditCode'),
            key: 'creditCode',
            value: v.creditCode,
            reason: '该代码的单位未登记，请先导入单位名录',
          });
          continue;
        }
        if (v.name && v.name !== org.name)
          more.push({
            rowNumber,
            column: header('name'),
            key: 'name',
            value: v.name,
            reason: `与登记名称“${org.name}”不一致`,
          });
        else if (consortium.foundedOn && v.joinedOn < consortium.foundedOn)
          more.push({
            rowNumber,
            column: header('joinedOn'),
            key: 'joinedOn',
            value: v.joinedOn,
            reason: `加入日期不能早于联合体成立日期（${consortium.foundedOn}）`,
          });
        else
          rows.push({
            rowNumber,
            orgId: org.id,
            orgName: org.name,
            memberRole: roleByLabel.get(v.memberRole as never)!,
            joinedOn: v.joinedOn,
          });
      }
      errors.push(...more);
      errors.sort((a, b) => a.rowNumber - b.rowNumber);
      return {
        parsed,
        errors,
        apply: async (tx) => {
          await repo.lockConsortium(tx, consortiumId);
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
