// One indicator month by month: the twelve months of the period's year against the same months of the year
// before, from two series answers (GET …/series/{indicator}?from=YYYY01&to=YYYY12).
import { api, ApiError, readTree } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, nameOf, findIndicator } from './i18n.js';
import { qty } from './format.js';
import { trendChart, redrawOnResize } from './chart.js';
import { parsePeriod, FIRST_YEAR } from './periods.js';
import { errorBox, loading } from './ui.js';
import { hasTrees, treeOfPeriod, isOlder } from './trees.js';

/**
 * The last month of a year the tree read on can show: months on a newer tree belong to that tree (2025 seen on the tree
 * before 1 July 2025 stops at June), and a series reaching into them would be refused.
 */
function lastMonthOn(year) {
  const tree = readTree();
  let month = 12;
  while (hasTrees() && tree && month > 1 && isOlder(tree, treeOfPeriod(`${year}${String(month).padStart(2, '0')}`)?.id)) month--;
  return String(month).padStart(2, '0');
}

export function mount(root, ctx) {
  const { unit, period, params, setParam } = ctx;
  const year = parsePeriod(period).year;
  const asked = params.get('trend');
  let code = asked && findIndicator(asked) ? asked : indicators()[0]?.code;
  const select = h('select', { id: 'trend-indicator', 'data-testid': 'trend-indicator', onchange: () => show(select.value, false) },
    indicators().map((i) => h('option', { value: i.code, selected: i.code === code }, nameOf(i.code))));
  const box = h('div', null, loading());
  fill(root,
    h('h2', { id: 'trend-heading' }, t('trendTitle')),
    h('div', { class: 'toolbar' }, h('label', { for: 'trend-indicator' }, t('trendIndicator')), select),
    box);
  let shown = '';
  let latest = 0;
  let drawn = null; // the last answer drawn, to draw again at another width
  redrawOnResize(box, () => { if (drawn) render(...drawn); });

  async function refresh() {
    const token = ++latest;
    const wanted = code;
    const months = (y) => api.series(unit.code, wanted, `${y}01`, `${y}${lastMonthOn(y)}`);
    let current;
    let previous;
    try {
      [current, previous] = await Promise.all([months(year), year > FIRST_YEAR ? months(year - 1) : []]);
    } catch (e) {
      if (token === latest && e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(box, errorBox(e, 'trend-error'));
        shown = '';
        return;
      }
      throw e;
    }
    // A newer request (another indicator chosen meanwhile) draws instead.
    if (token !== latest) return;
    const key = JSON.stringify([wanted, current, previous]);
    if (key === shown) return;
    shown = key;
    render(findIndicator(wanted), current, previous);
  }

  function render(indicator, current, previous) {
    drawn = [indicator, current, previous];
    const byMonth = (points) => Object.fromEntries(points.map((p) => [Number(p.period.slice(4, 6)), p]));
    const now = byMonth(current);
    const then = byMonth(previous);
    fill(box,
      h('figure', { class: 'chart-box' },
        trendChart({
          current, previous, year, indicator, boxWidth: box.clientWidth,
          title: t('trendChartTitle', { indicator: nameOf(indicator.code), year, previous: year - 1 }),
        }),
        h('figcaption', { class: 'legend' },
          h('span', { class: 'key key-current' }, t('trendYear', { year })),
          h('span', { class: 'key key-previous' }, t('trendYear', { year: year - 1 })))),
      h('details', null, h('summary', null, t('trendTable')),
        h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'trend-table' },
          h('thead', null, h('tr', null,
            h('th', { scope: 'col' }, t('trendMonth')),
            h('th', { scope: 'col', class: 'num' }, t('trendYear', { year })),
            h('th', { scope: 'col', class: 'num' }, t('trendYear', { year: year - 1 })))),
          h('tbody', null, Array.from({ length: 12 }, (_, i) => h('tr', { 'data-month': i + 1 },
            h('th', { scope: 'row' }, t('monthShort', { n: i + 1 })),
            h('td', { class: 'num' }, qty(now[i + 1]?.value, indicator.unit)),
            h('td', { class: 'num' }, qty(then[i + 1]?.value, indicator.unit)))))))));
  }

  /** Charts another indicator (a card's "trend" button, the select) and keeps it in the address. */
  function show(indicator, fromCard = true) {
    code = indicator;
    select.value = indicator;
    setParam('trend', indicator);
    if (fromCard) {
      root.scrollIntoView({ block: 'start' });
      select.focus({ preventScroll: true });
    }
    refresh().catch((e) => fill(box, errorBox(e, 'trend-error')));
  }

  return { refresh, show };
}
