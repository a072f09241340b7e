// Period ids (DHIS2, SPEC 9) and the picker's choices: a year, a half, a quarter, a month, nine months
// (2023YTD09) or January through any month (2023YTD05), and their names as the reader says them.
import { t } from './i18n.js';

/** Every period id the API takes: 2023, 2023S1, 2023Q1, 202301, 2023YTD09. */
export const PERIOD = /^\d{4}(S[12]|Q[1-4]|(0[1-9]|1[0-2])|YTD(0[1-9]|1[0-2]))?$/;

/** The picker's kinds, in the order it offers them, and how many choices each has within a year (0: none). */
export const KINDS = [
  ['month', 12],
  ['quarter', 4],
  ['half', 2],
  ['nine', 0],
  ['year', 0],
  ['ytd', 12],
];

const ROMAN = ['I', 'II', 'III', 'IV'];
const pad = (n) => String(n).padStart(2, '0');

/** A period id as {kind, year, part}: part is the month, quarter or half (1-based), 0 for a year or nine months; null for no id. */
export function parsePeriod(id) {
  if (!PERIOD.test(id ?? '')) return null;
  const year = Number(id.slice(0, 4));
  const rest = id.slice(4);
  if (rest === '') return { kind: 'year', year, part: 0 };
  if (rest[0] === 'S') return { kind: 'half', year, part: Number(rest[1]) };
  if (rest[0] === 'Q') return { kind: 'quarter', year, part: Number(rest[1]) };
  if (rest.startsWith('YTD')) {
    const month = Number(rest.slice(3));
    return month === 9 ? { kind: 'nine', year, part: 0 } : { kind: 'ytd', year, part: month };
  }
  return { kind: 'month', year, part: Number(rest) };
}

/** The id of {kind, year, part}: the inverse of parsePeriod. */
export function periodId({ kind, year, part }) {
  switch (kind) {
    case 'half': return `${year}S${part}`;
    case 'quarter': return `${year}Q${part}`;
    case 'month': return `${year}${pad(part)}`;
    case 'nine': return `${year}YTD09`;
    case 'ytd': return `${year}YTD${pad(part)}`;
    default: return String(year);
  }
}

/** The first year the API takes (invalid_year below it). */
export const FIRST_YEAR = 1900;

/** The same period a year earlier (so sánh cùng kỳ): 2023Q3 → 2022Q3, 2023YTD09 → 2022YTD09; null in the first year. */
export function sameLastYear(id) {
  const p = parsePeriod(id);
  return p && p.year > FIRST_YEAR ? periodId({ ...p, year: p.year - 1 }) : null;
}

/** The last month (1–12) of {kind, part}. */
export function lastMonth({ kind, part }) {
  switch (kind) {
    case 'month': case 'ytd': return part;
    case 'quarter': return part * 3;
    case 'half': return part * 6;
    case 'nine': return 9;
    default: return 12;
  }
}

/** The choice of a kind that ends in or around a month: June is the second quarter, the first half, month 6. */
export function partFor(kind, month) {
  switch (kind) {
    case 'month': case 'ytd': return month;
    case 'quarter': return Math.ceil(month / 3);
    case 'half': return Math.ceil(month / 6);
    default: return 0;
  }
}

/** The label of one choice of a kind: "Tháng 3", "Quý II", "6 tháng đầu năm". */
export function partLabel(kind, part) {
  if (kind === 'quarter') return t('quarterPart', { n: part, roman: ROMAN[part - 1] });
  if (kind === 'half') return t(part === 1 ? 'halfFirst' : 'halfSecond');
  return t(kind === 'ytd' ? 'ytdPart' : 'monthPart', { n: part, month: monthName(part) });
}

/** A period as the reader names it: "Quý II/2023", "9 tháng đầu năm 2023", "Tháng 3/2023". */
export function periodName(id) {
  const p = parsePeriod(id);
  if (!p) return id;
  const params = { year: p.year, n: p.part, month: monthName(p.part), roman: ROMAN[p.part - 1] };
  const key = { year: 'nameYear', half: `nameHalf${p.part}`, quarter: 'nameQuarter', month: 'nameMonth', nine: 'nameNine', ytd: 'nameYtd' }[p.kind];
  return t(key, params);
}

function monthName(month) {
  return month >= 1 && month <= 12 ? t(`month${month}`) : '';
}
