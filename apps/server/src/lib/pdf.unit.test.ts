import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { advanceOf, glyphData, loadCjkFont, parseTrueType, subsetTrueType, tablePdf } from './pdf';

const font = loadCjkFont();
const hasPdftotext = existsSync('/usr/bin/pdftotext');

/** The inflated content streams of a PDF, in object order (pages' contents and the ToUnicode map). */
function streams(pdf: Buffer): string[] {
  const out: string[] = [];
  const text = pdf.toString('latin1');
  const re = /<< ([\s\S]*?) \/Length (\d+) >>\nstream\n/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const data = pdf.subarray(start, start + Number(m[2]));
    out.push(m[1]!.includes('/FlateDecode') ? inflateSync(data).toString('latin1') : data.toString('latin1'));
  }
  return out;
}

const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16().toString('hex');

/** 200 one-line rows: 26 fit under the title on page 1, 29 on each later page → 7 pages. */
const longTable = {
  title: '2026 年人才需求目录',
  meta: ['范围：全市', '生成时间：2026-05-01 10:00'],
  tables: [
    {
      columns: [
        { header: '序号', width: 1, align: 'right' as const },
        { header: '专业名称', width: 4 },
        { header: '需求人数', width: 2, align: 'right' as const },
      ],
      rows: Array.from({ length: 200 }, (_, i) => [String(i + 1), `新能源汽车技术${i + 1}`, String(i * 3)]),
    },
  ],
};

describe('tablePdf', () => {
  it('is a PDF whose xref points at its objects', () => {
    const pdf = tablePdf(longTable, { fontPaths: [] });
    const text = pdf.toString('latin1');
    expect(text.startsWith('%PDF-1.7')).toBe(true);
    expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe('xref');
    const offsets = [...text.slice(xrefAt).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    offsets.forEach((o, i) => {
      expect(text.slice(o, o + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
  });

  it('a long table takes the expected pages, each with the header row and its page number', () => {
    const pdf = tablePdf(longTable, { fontPaths: [] });
    const text = pdf.toString('latin1');
    expect(/\/Count (\d+)/.exec(text)![1]).toBe('7');
    const pages = streams(pdf).filter((s) => s.includes(' Tj ET'));
    expect(pages).toHaveLength(7);
    pages.forEach((content, i) => {
      expect(content).toContain(`<${ucs2('专业名称')}>`);
      expect(content).toContain(`<${ucs2(`第 ${i + 1} 页，共 7 页`)}>`);
    });
    // Every row is drawn exactly once.
    const rows = pages.join('\n').match(new RegExp(ucs2('新能源汽车技术'), 'g'));
    expect(rows).toHaveLength(200);
  });

  it('without a CJK font it names STSong-Light with UniGB-UCS2-H (not embedded)', () => {
    const text = tablePdf(longTable, { fontPaths: ['/nonexistent/font.ttc'] }).toString('latin1');
    expect(text).toContain('/BaseFont /STSong-Light');
    expect(text).toContain('/Encoding /UniGB-UCS2-H');
    expect(text).not.toContain('/FontFile2');
  });

  it('wraps a long cell onto more lines instead of overflowing', () => {
    const doc = {
      title: '换行',
      meta: [],
      tables: [{ columns: [{ header: '原因', width: 1 }], rows: [['供需比'.repeat(200)]] }],
      orientation: 'portrait' as const,
    };
    const content = streams(tablePdf(doc, { fontPaths: [] })).find((s) => s.includes(' Tj ET'))!;
    // 600 characters at 8 pt in a 523 pt column: 66 per line → 10 lines.
    const line = new RegExp(`<(?:${[...'供需比'].map(ucs2).join('|')})+>`, 'g');
    expect(content.match(line)!.length).toBe(10);
  });

  it.skipIf(!font)('embeds a subset of the system CJK font with a ToUnicode map', () => {
    const pdf = tablePdf(longTable);
    const text = pdf.toString('latin1');
    expect(text).toContain('/Subtype /CIDFontType2');
    expect(text).toContain('/FontFile2');
    expect(text).toContain('/Encoding /Identity-H');
    const length1 = Number(/\/Length1 (\d+)/.exec(text)![1]);
    expect(length1).toBeLessThan(200_000); // the whole font is 5 MB
    const toUnicode = streams(pdf).find((s) => s.includes('beginbfchar'))!;
    for (const ch of '人才需求目录第页共') expect(toUnicode).toContain(`<${ucs2(ch).toUpperCase()}>`);
  });

  it.skipIf(!font || !hasPdftotext)('its text reads back with pdftotext, page by page', () => {
    const pdf = tablePdf(longTable);
    const page = (n: number) =>
      execFileSync('pdftotext', ['-f', String(n), '-l', String(n), '-layout', '-', '-'], { input: pdf }).toString();
    expect(page(1)).toContain('2026 年人才需求目录');
    expect(page(1)).toContain('新能源汽车技术1');
    expect(page(7)).toContain('专业名称');
    expect(page(7)).toContain('新能源汽车技术200');
    expect(page(7)).toContain('第 7 页，共 7 页');
  });
});

describe.skipIf(!font)('subsetTrueType', () => {
  it('keeps the used glyphs byte for byte, renumbered, with their advances', () => {
    const f = font!;
    const gid = f.cmap.get('中'.codePointAt(0)!)!;
    const { data, newIds } = subsetTrueType(f, [gid]);
    const sub = parseTrueType(data, 'sub', false)!;
    expect(sub.numGlyphs).toBe(2); // .notdef and 中
    expect(newIds.get(gid)).toBe(1);
    expect(Buffer.compare(glyphData(sub, 1), glyphData(f, gid))).toBe(0);
    expect(advanceOf(sub, 1)).toBe(advanceOf(f, gid));
  });
});
