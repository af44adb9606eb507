import { describe, expect, it } from 'vitest';
import { halfWidthAlnum, headerIndex, normalizeHeader } from './columns';
import { cellToRaw, cleanText, normalizeCell, numberToText, PRECISION_LOST, rawText, serialToDate } from './normalize';
import { CODE_TYPED_AS_NUMBER } from './testing';

const ok = (value: unknown) => ({ ok: true, value });
const fail = (reason: string) => ({ ok: false, reason });

describe('cleanText', () => {
  it('turns full-width digits and letters into ASCII but keeps Chinese punctuation', () => {
    expect(halfWidthAlnum('９１５０ＡＢｃ（重庆）')).toBe('9150ABc（重庆）');
    expect(cleanText('　重庆市渝中区\u00A0 ')).toBe('重庆市渝中区');
    expect(cleanText('\u200B单位\uFEFF')).toBe('单位');
    expect(cleanText('甲\r\n乙')).toBe('甲\n乙');
  });
});

describe('numberToText', () => {
  it('writes every digit, never an exponent or float noise', () => {
    expect(numberToText(13800001111)).toBe('13800001111');
    expect(numberToText(1.2e17)).toBe('120000000000000000');
    expect(numberToText(0.1 + 0.2)).toBe('0.3');
    expect(numberToText(1e-7)).toBe('0.0000001');
    expect(numberToText(-42)).toBe('-42');
  });
});

describe('serialToDate', () => {
  it('follows Excel’s 1900 date system', () => {
    expect(serialToDate(45226).toISOString()).toBe('2023-10-27T00:00:00.000Z');
    expect(serialToDate(61).toISOString().slice(0, 10)).toBe('1900-03-01');
    expect(serialToDate(60).toISOString().slice(0, 10)).toBe('1900-02-28');
    expect(serialToDate(45226.5).toISOString()).toBe('2023-10-27T12:00:00.000Z');
  });
});

describe('cellToRaw', () => {
  it('flattens exceljs values', () => {
    expect(cellToRaw({ richText: [{ text: '重庆' }, { text: '机电' }] })).toBe('重庆机电');
    expect(cellToRaw({ formula: 'A1*2', result: 4 })).toBe(4);
    expect(cellToRaw({ sharedFormula: 'A1', result: '甲' })).toBe('甲');
    expect(cellToRaw({ text: '官网', hyperlink: 'https://example.cn' })).toBe('官网');
    expect(cellToRaw({ error: '#N/A' })).toEqual({ error: '#N/A' });
    expect(cellToRaw({ formula: 'X()', result: { error: '#NAME?' } })).toEqual({ error: '#NAME?' });
    expect(cellToRaw(undefined)).toBeNull();
    expect(cellToRaw(new Date(Number.NaN))).toBeNull();
  });

  it('shows raw cells as text with every digit', () => {
    expect(rawText(CODE_TYPED_AS_NUMBER)).toBe('915001037474655000');
    expect(rawText(new Date(Date.UTC(2023, 9, 27)))).toBe('2023-10-27');
    expect(rawText(new Date(Date.UTC(2023, 9, 27, 9, 30)))).toBe('2023-10-27 09:30:00');
    expect(rawText({ error: '#REF!' })).toBe('#REF!');
    expect(rawText(true)).toBe('TRUE');
  });
});

describe('normalizeCell: text', () => {
  it.each([
    ['  重庆机电职业技术大学  ', '重庆机电职业技术大学'],
    ['\u3000重庆\u00A0', '重庆'],
    ['ＡＢＣ１２３', 'ABC123'],
    ['（有限公司）', '（有限公司）'],
    ['="0123"', '0123'],
    ['', null],
    ['   \u3000 ', null],
    [null, null],
    [undefined, null],
    [13800001111, '13800001111'],
    [3.5, '3.5'],
    [true, 'TRUE'],
    [new Date(Date.UTC(2023, 9, 27)), '2023-10-27'],
    [{ richText: [{ text: ' 甲 ' }] }, '甲'],
  ])('%j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'text')).toEqual(ok(value));
  });

  it('refuses a number Excel has truncated instead of returning wrong digits', () => {
    expect(normalizeCell(CODE_TYPED_AS_NUMBER, 'text')).toEqual(fail(PRECISION_LOST));
    expect(normalizeCell(1.2e17, 'code')).toEqual(fail(PRECISION_LOST));
    expect(normalizeCell('9.15001E+17', 'code')).toEqual(fail(PRECISION_LOST));
    expect(normalizeCell('９．１５Ｅ＋１７', 'code')).toEqual(fail(PRECISION_LOST));
    // 15 digits are still exact.
    expect(normalizeCell(123456789012345, 'code')).toEqual(ok('123456789012345'));
  });

  it('reports Excel error values', () => {
    expect(normalizeCell({ error: '#N/A' }, 'text')).toEqual(fail('单元格是错误值 #N/A'));
  });

  it('defaults to text', () => {
    expect(normalizeCell(' 甲 ')).toEqual(ok('甲'));
  });
});

describe('normalizeCell: code', () => {
  it.each([
    ['９１５０ ０１０３ ７４７４ ６５４５ ７７', '915001037474654577'],
    ['91500106ma5u7abc15 ', '91500106MA5U7ABC15'],
    ['138 0000 1111', '13800001111'],
    [13800001111, '13800001111'],
    ['\u3000', null],
  ])('%j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'code')).toEqual(ok(value));
  });
});

describe('normalizeCell: date', () => {
  it.each([
    [45226, '2023-10-27'],
    [45226.75, '2023-10-27'],
    ['45226', '2023-10-27'],
    ['４５２２６', '2023-10-27'],
    [new Date(Date.UTC(2023, 9, 27)), '2023-10-27'],
    ['2023/10/27', '2023-10-27'],
    ['2023-10-27', '2023-10-27'],
    ['2023.10.27', '2023-10-27'],
    ['2023年10月27日', '2023-10-27'],
    ['2023 年 10 月 27 日', '2023-10-27'],
    ['２０２３年１０月２７日', '2023-10-27'],
    ['2023/1/5', '2023-01-05'],
    ['2023-10-27 14:30:00', '2023-10-27'],
    ['2023-10-27T14:30:00.000Z', '2023-10-27'],
    ['20231027', '2023-10-27'],
    [20231027, '2023-10-27'],
    [' 2023-10-27 ', '2023-10-27'],
    ['', null],
  ])('%j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'date')).toEqual(ok(value));
  });

  it.each([
    '2023-02-30',
    '2023-13-01',
    '2023年10月',
    '10/27/2023',
    '23/10/27',
    '明天',
    '2023',
    '202310',
    '2023-10-27 25:00',
  ])('refuses %j', (raw) => {
    expect(normalizeCell(raw, 'date')).toEqual(fail('不是有效的日期'));
  });

  it('refuses numbers that are years rather than serials, and booleans', () => {
    expect(normalizeCell(2023, 'date')).toEqual(fail('不是有效的日期'));
    expect(normalizeCell(true, 'date')).toEqual(fail('不是有效的日期'));
  });

  it('keeps the time for datetime', () => {
    expect(normalizeCell('2023/10/27 9:05', 'datetime')).toEqual(ok('2023-10-27 09:05:00'));
    expect(normalizeCell(45226.5, 'datetime')).toEqual(ok('2023-10-27 12:00:00'));
    expect(normalizeCell('2023年10月27日 9时5分', 'datetime')).toEqual(ok('2023-10-27 09:05:00'));
    expect(normalizeCell('x', 'datetime')).toEqual(fail('不是有效的日期时间'));
  });
});

describe('normalizeCell: integer and number', () => {
  it.each([
    [120, 120],
    ['120', 120],
    ['１２０', 120],
    [' 1,200 ', 1200],
    ['1，200', 1200],
    ['1,20', null],
    ['+5', 5],
    ['-3', -3],
    ['12.0', 12],
    [12.000000000000002, 12],
  ])('integer %j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'integer')).toEqual(value === null ? fail('不是有效的整数') : ok(value));
  });

  it.each(['12.5', 'abc', '1e400', '12人', '9007199254740993'])('integer refuses %j', (raw) => {
    expect(normalizeCell(raw, 'integer')).toEqual(fail('不是有效的整数'));
  });

  it.each([
    ['3.14', 3.14],
    ['１２．５', 12.5],
    [0.1 + 0.2, 0.3],
    ['1,234.5', 1234.5],
    ['.5', 0.5],
    ['1.5e3', 1500],
  ])('number %j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'number')).toEqual(ok(value));
  });

  it('number refuses text, dates and booleans', () => {
    expect(normalizeCell('十二', 'number')).toEqual(fail('不是有效的数值'));
    expect(normalizeCell(new Date(), 'number')).toEqual(fail('不是有效的数值'));
    expect(normalizeCell(true, 'number')).toEqual(fail('不是有效的数值'));
  });
});

describe('normalizeCell: boolean', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['Y', true],
    ['n', false],
    ['ＹＥＳ', true],
    ['true', true],
    ['FALSE', false],
    [1, true],
    [0, false],
    ['√', true],
    ['×', false],
    [true, true],
  ])('%j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'boolean')).toEqual(ok(value));
  });

  it('refuses anything else', () => {
    expect(normalizeCell('也许', 'boolean')).toEqual(fail('不是有效的是/否值（应填 是 或 否）'));
    expect(normalizeCell(2, 'boolean').ok).toBe(false);
  });
});

describe('normalizeCell: list', () => {
  it.each([
    ['机电一体化、数控技术', ['机电一体化', '数控技术']],
    ['甲,乙，丙;丁；戊/己\n庚', ['甲', '乙', '丙', '丁', '戊', '己', '庚']],
    [' 甲 、、 乙 、甲', ['甲', '乙']],
    ['、，', null],
    [2023, ['2023']],
  ])('%j → %j', (raw, value) => {
    expect(normalizeCell(raw, 'list')).toEqual(ok(value));
  });
});

describe('headers', () => {
  it('compares headers without spaces, stars, required markers or width', () => {
    expect(normalizeHeader(' *统一社会 信用代码（必填） ')).toBe('统一社会信用代码');
    expect(normalizeHeader('Ｅｍａｉｌ\n地址')).toBe('email地址');
    const index = headerIndex([
      { key: 'name', header: '名称', aliases: ['单位名称'] },
      { key: 'other', header: '单位名称' },
    ]);
    expect(index.get('单位名称')).toBe('name');
    expect(index.get('名称')).toBe('name');
  });
});
