// Numbers, quantities and dates as the reader writes them: vi-VN gives "8,3 %" and "16.232,61 tỷ đồng".
import { lang, t, unitLabel } from './i18n.js';

const NBSP = '\u00a0';
const formats = new Map();

export const locale = () => (lang() === 'vi' ? 'vi-VN' : 'en-US');

function formatter(digits) {
  const key = `${locale()}|${digits}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(locale(), { maximumFractionDigits: digits }));
  return formats.get(key);
}

/** A plain number, at most two decimals unless asked; '—' for a missing value. */
export function num(value, digits = 2) {
  return value == null || !Number.isFinite(Number(value)) ? '—' : formatter(digits).format(Number(value));
}

/** A number with its unit of measure: "8,3 %", "891 tỷ đồng". */
export function qty(value, unit, digits = 2) {
  if (value == null) return '—';
  const label = unitLabel(unit);
  return label ? `${num(value, digits)}${NBSP}${label}` : num(value, digits);
}

/** A signed change: "+0,5", "−1,2". */
export function signed(value, unit) {
  if (value == null) return '—';
  const n = Number(value);
  const text = qty(Math.abs(n), unit);
  return n > 0 ? `+${text}` : n < 0 ? `−${text}` : text;
}

const SYMBOLS = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '=': '≈' };

/** A target as "≥ 891 tỷ đồng", or "10 % (tham khảo)" for an information-only one. */
export function target(value, unit) {
  if (!value) return t('targetNone');
  return value.comparator === 'info'
    ? `${qty(value.value, unit)} (${t('targetInfo')})`
    : `${SYMBOLS[value.comparator] ?? value.comparator}${NBSP}${qty(value.value, unit)}`;
}

export function dateTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

/** A day with its time, the year in full: "14:05 02/03/2023" in Vietnamese, "03/02/2023, 14:05" in English. */
export function dayAndTime(iso) {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale(), {
    day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
}

export function time(date) {
  return new Intl.DateTimeFormat(locale(), { timeStyle: 'medium' }).format(date);
}

/** The attainment of a value against its target: a state for colour and a text that says the same. */
export function attainment(attained, targetValue, value) {
  if (attained === true) return { state: 'ok', symbol: '✓', text: t('attained') };
  if (attained === false) return { state: 'bad', symbol: '✗', text: t('notAttained') };
  if (value == null) return { state: 'none', symbol: '–', text: t('noData') };
  if (targetValue?.comparator === 'info') return { state: 'info', symbol: '–', text: t('infoOnly') };
  return { state: 'none', symbol: '–', text: t('notAssessed') };
}

/**
 * A number typed by a person. Vietnamese: "1.234,5" or "1234,5" (and "1234.5"); English: "1,234.5" or "1234.5".
 * Answers undefined for a blank field and the trimmed text itself when it is no number, so the API can refuse it by name.
 */
export function parseNumber(text) {
  const s = String(text ?? '').replace(/[\s\u00a0]/g, '');
  if (s === '') return undefined;
  const [group, decimal] = lang() === 'vi' ? ['.', ','] : [',', '.'];
  const esc = (c) => `\\${c}`;
  const grouped = new RegExp(`^-?[1-9]\\d{0,2}(${esc(group)}\\d{3})+(${esc(decimal)}\\d+)?$`);
  if (grouped.test(s)) return Number(s.split(group).join('').replace(decimal, '.'));
  if (/^-?\d+([.,]\d+)?$/.test(s)) return Number(s.replace(',', '.'));
  return s;
}

/** A number as a person would type it back into a field: no grouping, the locale's decimal mark. */
export function editable(value) {
  if (value == null) return '';
  const text = String(value);
  return lang() === 'vi' ? text.replace('.', ',') : text;
}
