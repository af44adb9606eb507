import { parseSheet } from './read';
import { orgColumns, xlsxOf } from './testing';
const HEADER = ['单位名称', '统一社会信用代码', '单位类型'];
const buffer = await xlsxOf([HEADER, ['甲公司', 'X', '企业'], ['乙公司', 'Y', '企业']], (_s, wb) => { wb.addWorksheet('第二页').addRow(HEADER); wb.addWorksheet('第三页').addRow(['备注']); });
const counts: Record<string, number> = {};
for (let i = 0; i < 200; i++) {
  for (const opts of [{}, { sheetName: '第二页' }, { maxRows: 1 }]) {
    const r = await parseSheet({ buffer, filename: 'a.xlsx' }, orgColumns, opts).then(() => 'ok', (e) => `${e.reason} ${e.reason === 'UNREADABLE_XLSX' ? e.message : ''}`);
    counts[r] = (counts[r] ?? 0) + 1;
  }
}
console.log(counts);
