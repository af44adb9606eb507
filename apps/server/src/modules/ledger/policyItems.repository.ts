/** The only file that queries policy_item_status (reads ref_policy_items). */
import { type DbOrTx, ledgerFiles, policyItemStatus, refPolicyItems, users } from '@chanjiao/db';
import { and, asc, eq, sql } from 'drizzle-orm';
import { containsText } from './ledger.repository';

export type StatusRow = typeof policyItemStatus.$inferSelect;
export type ItemRow = typeof refPolicyItems.$inferSelect;

export interface PolicyRow extends ItemRow {
  statusId: string | null;
  status: string | null;
  evidenceText: string | null;
  notes: string | null;
  updatedAt: Date | null;
  updatedByName: string | null;
  evidenceCount: number;
}

export interface PolicyFilter {
  year: number;
  leadUnit?: string | undefined;
  status?: string | undefined;
  q?: string | undefined;
}

const evidenceCount = sql<number>`coalesce((select count(*)::int from ${ledgerFiles} lf where lf.entity_type = 'policy_item' and lf.entity_id = ${policyItemStatus}.id), 0)`;

/** Every item with its status for the year (left join: no row = not started). */
export async function listItems(db: DbOrTx, f: PolicyFilter): Promise<PolicyRow[]> {
  const rows = await db
    .select({
      item: refPolicyItems,
      statusId: policyItemStatus.id,
      status: policyItemStatus.status,
      evidenceText: policyItemStatus.evidenceText,
      notes: policyItemStatus.notes,
      updatedAt: policyItemStatus.updatedAt,
      updatedByName: users.displayName,
      evidenceCount,
    })
    .from(refPolicyItems)
    .leftJoin(
      policyItemStatus,
      and(
        eq(policyItemStatus.unitNo, refPolicyItems.unitNo),
        eq(policyItemStatus.itemNo, refPolicyItems.itemNo),
        eq(policyItemStatus.year, f.year),
      ),
    )
    .leftJoin(users, eq(users.id, policyItemStatus.updatedBy))
    .where(
      and(
        f.leadUnit ? eq(refPolicyItems.leadUnit, f.leadUnit) : undefined,
        f.status === 'not_started'
          ? sql`coalesce(${policyItemStatus.status}, 'not_started') = 'not_started'`
          : f.status
            ? eq(policyItemStatus.status, f.status)
            : undefined,
        containsText(
          f.q,
          refPolicyItems.content,
          refPolicyItems.leadUnit,
          policyItemStatus.evidenceText,
          policyItemStatus.notes,
        ),
      ),
    )
    .orderBy(asc(refPolicyItems.unitNo), asc(refPolicyItems.itemNo));
  return rows.map((r) => ({
    ...r.item,
    statusId: r.statusId,
    status: r.status,
    evidenceText: r.evidenceText,
    notes: r.notes,
    updatedAt: r.updatedAt,
    updatedByName: r.updatedByName,
    evidenceCount: r.evidenceCount,
  }));
}

export async function leadUnits(db: DbOrTx): Promise<string[]> {
  const rows = await db
    .selectDistinct({ u: refPolicyItems.leadUnit, n: refPolicyItems.unitNo })
    .from(refPolicyItems)
    .orderBy(asc(refPolicyItems.unitNo));
  return [...new Set(rows.map((r) => r.u))];
}

export async function findItem(db: DbOrTx, unitNo: number, itemNo: number): Promise<ItemRow | undefined> {
  const [row] = await db
    .select()
    .from(refPolicyItems)
    .where(and(eq(refPolicyItems.unitNo, unitNo), eq(refPolicyItems.itemNo, itemNo)));
  return row;
}

const statusKey = (unitNo: number, itemNo: number, year: number) =>
  and(eq(policyItemStatus.unitNo, unitNo), eq(policyItemStatus.itemNo, itemNo), eq(policyItemStatus.year, year));

export async function findStatus(db: DbOrTx, unitNo: number, itemNo: number, year: number) {
  const [row] = await db
    .select()
    .from(policyItemStatus)
    .where(statusKey(unitNo, itemNo, year));
  return row;
}

export async function findStatusById(db: DbOrTx, id: string): Promise<StatusRow | undefined> {
  const [row] = await db.select().from(policyItemStatus).where(eq(policyItemStatus.id, id));
  return row;
}

/** The (item, year) status row, created as not_started when missing, locked for the transaction. */
export async function lockStatus(tx: DbOrTx, unitNo: number, itemNo: number, year: number): Promise<StatusRow> {
  await tx.insert(policyItemStatus).values({ unitNo, itemNo, year }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(policyItemStatus)
    .where(statusKey(unitNo, itemNo, year))
    .for('update');
  return row!;
}

export async function updateStatus(tx: DbOrTx, id: string, set: Partial<typeof policyItemStatus.$inferInsert>) {
  await tx
    .update(policyItemStatus)
    .set({ ...set, updatedAt: new Date() })
    .where(eq(policyItemStatus.id, id));
}
