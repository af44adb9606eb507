import { describe, expect, it } from 'vitest';
import { expandAccepted, type MajorRef, majorIndex } from './attribution';

const m = (code: string, classCode: string, categoryCode: string): MajorRef => ({
  code,
  name: code,
  level: 'associate',
  classCode,
  className: classCode,
  categoryCode,
  categoryName: categoryCode,
});
const index = majorIndex([
  m('460701', '4607', '46'),
  m('460702', '4607', '46'),
  m('460101', '4601', '46'),
  m('510203', '5102', '51'),
]);

describe('expandAccepted', () => {
  it('a major stands for itself; a 专业类 and a 专业大类 for their majors', () => {
    expect(expandAccepted(index, ['460702'])).toEqual(['460702']);
    expect(expandAccepted(index, ['4607'])).toEqual(['460701', '460702']);
    expect(expandAccepted(index, ['46'])).toEqual(['460701', '460702', '460101']);
  });

  it('overlapping codes give each major once', () => {
    expect(expandAccepted(index, ['460702', '4607', '46'])).toEqual(['460702', '460701', '460101']);
  });

  it('a code the catalogue does not hold stands for itself', () => {
    expect(expandAccepted(index, ['080901', '510203'])).toEqual(['080901', '510203']);
    expect(index.get('080901')).toBeUndefined();
  });
});
