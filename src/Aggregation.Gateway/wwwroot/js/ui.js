// Pieces every view uses: error boxes, attainment badges, sortable tables' headers.
import { ApiError } from './api.js';
import { h } from './dom.js';
import { t, nameOf, fieldName, problemText, problemCodeText } from './i18n.js';
import { attainment } from './format.js';

/** A readable sentence for an API failure (translated by its codes), never a stack trace. */
export function describeError(error) {
  if (!(error instanceof ApiError)) return String(error?.message ?? error);
  if (error.status === 0) return t('errorNetwork');
  if (error.status === 503) return t('retryAfter');
  const fieldMessages = error.fieldErrors.map((e) => `${fieldLabel(e.field)}: ${problemText(e)}`);
  if (fieldMessages.length > 0) return fieldMessages.join('; ');
  return problemCodeText(error.code) ?? (error.detail || error.title || t('errorStatus', { status: error.status }));
}

/** "overrides[2].poor_households" → "#3 · Hộ nghèo"; an element code → its name. */
export function fieldLabel(field) {
  const m = /^overrides\[(\d+)\](?:\.(\w+))?$/.exec(field);
  if (m) return `#${Number(m[1]) + 1}${m[2] ? ` · ${nameOf(m[2])}` : ''}`;
  return fieldName(field);
}

export function errorBox(error, testid = 'error') {
  return h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': testid },
    h('strong', null, `${t('errorTitle')}${error?.status ? ` (${t('errorStatus', { status: error.status })})` : ''}: `),
    describeError(error));
}

export function loading() {
  return h('p', { class: 'muted', role: 'status' }, t('loading'));
}

/** Attainment as colour and text together. */
export function badge(attained, targetValue, value, testid) {
  const a = attainment(attained, targetValue, value);
  return h('span', { class: `badge badge-${a.state}`, 'data-testid': testid, 'data-attained': String(attained) },
    h('span', { 'aria-hidden': 'true' }, a.symbol), ` ${a.text}`);
}

/** A column header that sorts its table; aria-sort tells assistive technology the current order. */
export function sortHeader(label, key, sort, onSort) {
  const active = sort.key === key;
  return h('th', { scope: 'col', 'aria-sort': active ? (sort.asc ? 'ascending' : 'descending') : 'none' },
    h('button', { type: 'button', class: 'sort', 'data-sort': key, title: t('sortBy', { column: label }), onclick: () => onSort(key) },
      label, h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (sort.asc ? ' ▲' : ' ▼') : ' ↕')));
}

/** Sorts rows by a key; missing values always last, whichever the direction. */
export function sortRows(rows, get, asc) {
  return [...rows].sort((a, b) => {
    const x = get(a);
    const y = get(b);
    if (x == null && y == null) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    const order = typeof x === 'string' ? x.localeCompare(y, 'vi') : x - y;
    return asc ? order : -order;
  });
}
