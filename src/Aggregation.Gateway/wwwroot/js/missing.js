// The communes under a unit without a value for the period yet (GET …/missing/{period}), with their latest
// report: the list a district calls round before a deadline.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { num, dayAndTime } from './format.js';
import { errorBox, loading } from './ui.js';
import { periodName } from './periods.js';

/** Rows drawn at most; a nation's list says how many more there are. */
const SHOWN = 200;

/** The longest the list goes unasked while the unit's reported count stands still. */
const UNCHANGED_MS = 60_000;

export function mount(root, ctx) {
  const { unit, period, href } = ctx;
  const body = h('div', null, loading());
  fill(root, h('h2', { id: 'missing-heading' }, t('missingTitle', { period: periodName(period) })), body);
  let shown = '';
  let askedFor = null;
  let askedAt = 0;

  // Asking means asking every commune under the unit (every one of a nation's), so the list is asked again when
  // the unit's count of reporting communes moves (a value for the period appeared or went), and otherwise at most
  // once a minute (a correction can swap which communes count), not on every refresh of the page.
  async function refresh(indicators) {
    const count = indicators ? `${indicators.reportedLeaves}/${indicators.expectedLeaves}` : null;
    if (count !== null && count === askedFor && Date.now() - askedAt < UNCHANGED_MS) return;
    askedFor = count;
    askedAt = Date.now();
    let data;
    try {
      data = await api.missing(unit.code, period);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(body, errorBox(e, 'missing-error'));
        shown = '';
        return;
      }
      throw e;
    }
    const rows = data.missing.slice(0, SHOWN);
    const key = JSON.stringify(data);
    if (key === shown) return;
    shown = key;
    render(data, rows);
  }

  function render(data, rows) {
    const count = h('p', {
      class: 'completeness', 'data-testid': 'missing-count',
      'data-reported': data.reportedLeaves, 'data-expected': data.expectedLeaves, 'data-missing': data.missing.length,
    }, data.missing.length === 0
      ? t('missingNone', { expected: num(data.expectedLeaves) })
      : t('missingCount', { reported: num(data.reportedLeaves), expected: num(data.expectedLeaves), missing: num(data.missing.length) }));
    if (data.missing.length === 0) {
      fill(body, count);
      return;
    }
    fill(body, count,
      h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'missing-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('missingCommune')),
          h('th', { scope: 'col' }, t('childCode')),
          h('th', { scope: 'col' }, t('missingParent')),
          h('th', { scope: 'col' }, t('missingLast')))),
        h('tbody', null, rows.map((m) => h('tr', { 'data-unit': m.unit, 'data-parent': m.parent ?? '', 'data-last-reported': m.lastReported ?? '' },
          h('th', { scope: 'row' }, h('a', { href: href('report', m.unit, period) }, m.name)),
          h('td', null, m.unit),
          h('td', null, m.parent ? h('a', { href: href('unit', m.parent, period) }, m.parentName ?? m.parent) : '—'),
          h('td', { 'data-testid': 'missing-last' }, m.lastReported ? dayAndTime(m.lastReported) : h('span', { class: 'muted' }, t('missingNever')))))))),
      data.missing.length > rows.length ? h('p', { class: 'muted' }, t('missingMore', { count: num(data.missing.length - rows.length) })) : null);
  }

  return { refresh };
}
