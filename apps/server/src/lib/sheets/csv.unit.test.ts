import { describe, expect, it } from 'vitest';
import { CsvRecords } from './csv';

function parseChunks(chunks: string[], delimiter = ','): string[][] {
  const records = new CsvRecords(delimiter);
  const out: string[][] = [];
  for (const chunk of chunks) records.push(chunk, out);
  return records.end(out);
}

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const quote = (field: string) => (/[",\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

describe('CsvRecords', () => {
  it('reads quoted fields with delimiters, quotes and line breaks', () => {
    const text = '名称,备注\r\n"重庆,某公司","他说""好""\n第二行"\r\n乙,\n';
    expect(parseChunks([text])).toEqual([
      ['名称', '备注'],
      ['重庆,某公司', '他说"好"\n第二行'],
      ['乙', ''],
    ]);
  });

  it('keeps empty lines as records so that record numbers stay row numbers', () => {
    expect(parseChunks(['a,b\n\nc,d'])).toEqual([['a', 'b'], [''], ['c', 'd']]);
  });

  it('treats a quote inside an unquoted field as text, and text after a closing quote as part of the field', () => {
    expect(parseChunks(['5"螺栓,"ab"c,d\n'])).toEqual([['5"螺栓', 'abc', 'd']]);
  });

  it('accepts \\r line ends and \\r\\n split between chunks', () => {
    expect(parseChunks(['a,b\r', '\nc,d\re,f'])).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('uses the delimiter it is given', () => {
    expect(parseChunks(['a\tb,c\n'], '\t')).toEqual([['a', 'b,c']]);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const next = random(42);
    const alphabet = ['a', '重', ',', '"', '\n', '\r\n', ' ', '9'];
    for (let round = 0; round < 200; round++) {
      const rows: string[][] = [];
      for (let r = 0; r < 1 + Math.floor(next() * 6); r++) {
        const row: string[] = [];
        for (let f = 0; f < 1 + Math.floor(next() * 4); f++) {
          let field = '';
          for (let k = 0; k < Math.floor(next() * 6); k++) field += alphabet[Math.floor(next() * alphabet.length)];
          row.push(field);
        }
        // A lone empty field would be written as an empty line; give it content.
        if (row.length === 1 && row[0] === '') row[0] = 'x';
        rows.push(row);
      }
      const text = rows.map((row) => row.map(quote).join(',')).join('\r\n');
      const chunks: string[] = [];
      for (let i = 0; i < text.length; ) {
        const size = 1 + Math.floor(next() * 5);
        chunks.push(text.slice(i, i + size));
        i += size;
      }
      expect(parseChunks(chunks)).toEqual(rows);
      expect(parseChunks([text])).toEqual(rows);
    }
  });
});
