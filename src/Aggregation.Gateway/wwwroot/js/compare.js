// Comparison of a unit's children: ranked bar chart, sortable table, heat map, downloads.
import { api, files, download, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, findIndicator, nameOf, reasonText, isTotal } from './i18n.js';
import { num, qty, target as targetText, attainment } from './format.js';
import { badge, errorBox, loading, sortHeader, sortRows } from './ui.js';
import { rankedBarChart, redrawOnResize } from './chart.js';
import { restatedNote } from './trees.js';

const DEFAULT_INDICATOR = 'social_income';

export function mount(root, ctx) {
  const { unit, period } = ctx;
  if (unit.children.length === 0) {
    fill(root, h('h1', null, t('compareTitle')), h('p', { class: 'muted' }, t('compareNoChildren')));
    return {};
  }
  let indicator = findIndicator(ctx.params.get('indicator')) ? ctx.params.get('indicator') : DEFAULT_INDICATOR;
  let sort = { key: 'rank', asc: true };
  let comparison = null;
  let shownChart = '';
  let shownHeat = '';
  let seq = 0;

  const select = h('select', { id: 'indicator-select', 'data-testid': 'indicator-select' },
    indicators().map((i) => h('option', { value: i.code, selected: i.code === indicator }, nameOf(i.code))));
  select.addEventListener('change', () => {
    indicator = select.value;
    ctx.setParam('indicator', indicator);
    shownChart = '';
    fill(chartBox, loading());
    renderDownloads();
    refresh().catch((e) => fill(error, errorBox(e)));
  });
  const error = h('div');
  const aggregateBox = h('div', { class: 'aggregate' });
  const chartBox = h('figure', { class: 'chart-box' }, loading());
  const tableBox = h('div', { class: 'scroll' });
  const heatBox = h('div', { class: 'scroll' }, loading());
  const downloads = h('ul', { class: 'downloads', 'data-testid': 'downloads' });

  function renderDownloads() {
    // Plain links (copyable), fetched with the key when clicked: a bare link would carry no Authorization header.
    const link = (url, label, testid) => h('a', { href: url, download: '', 'data-testid': testid, onclick: (event) => { event.preventDefault(); download(url); } }, label);
    fill(downloads,
      h('li', null, link(files.comparison(unit.code, period, indicator, 'csv'), t('downloadRankingCsv'), 'download-csv')),
      h('li', null, link(files.comparison(unit.code, period, indicator, 'xlsx'), t('downloadRankingXlsx'))),
      h('li', null, link(files.indicators(unit.code, period, 'csv'), t('downloadAllCsv'), 'download-all-csv')),
      h('li', null, link(files.indicators(unit.code, period, 'xlsx'), t('downloadAllXlsx'))));
  }
  renderDownloads();

  fill(root,
    h('header', { class: 'view-head' }, h('h1', null, `${t('compareTitle')} · ${unit.name}`),
      h('p', { class: 'muted' }, t('periodLabel', { period }))),
    h('div', { class: 'toolbar' }, h('label', { for: 'indicator-select' }, t('indicator')), select),
    error,
    aggregateBox,
    h('section', { class: 'panel', 'aria-labelledby': 'chart-heading' }, h('h2', { id: 'chart-heading' }, t('tableTitle')), chartBox, tableBox),
    h('section', { class: 'panel', 'aria-labelledby': 'heat-heading' },
      h('h2', { id: 'heat-heading' }, t('heatmapTitle')), h('p', { class: 'muted small' }, t('heatmapHint')), heatBox),
    h('section', { class: 'panel', 'aria-labelledby': 'dl-heading' }, h('h2', { id: 'dl-heading' }, t('download')), downloads));

  function renderTable() {
    const def = findIndicator(indicator);
    const get = {
      rank: (r) => r.rank,
      name: (r) => r.name,
      value: (r) => (r.value == null ? null : Number(r.value)),
      target: (r) => (r.target?.value == null ? null : Number(r.target.value)),
      status: (r) => (r.attained == null ? null : r.attained ? 1 : 0),
      contributors: (r) => r.contributors,
    };
    const onSort = (key) => {
      sort = { key, asc: sort.key === key ? !sort.asc : key !== 'value' };
      renderTable();
    };
    const rows = sortRows(comparison.children, get[sort.key], sort.asc);
    fill(tableBox, h('table', { class: 'table pin-second', 'data-testid': 'ranking-table' },
      h('caption', { class: 'sr-only' }, t('chartTitle', { indicator: nameOf(indicator), period })),
      h('thead', null, h('tr', null,
        sortHeader(t('rank'), 'rank', sort, onSort),
        sortHeader(t('childName'), 'name', sort, onSort),
        sortHeader(t('value'), 'value', sort, onSort),
        sortHeader(t('target'), 'target', sort, onSort),
        sortHeader(t('status'), 'status', sort, onSort),
        sortHeader(t('childLeaves'), 'contributors', sort, onSort))),
      h('tbody', null, rows.map((r) => h('tr', { 'data-unit': r.unit },
        h('td', { class: 'num' }, r.rank ?? '—'),
        h('th', { scope: 'row' }, h('a', { href: ctx.href('unit', r.unit, period) }, r.name)),
        h('td', { class: 'num', 'data-value': r.value ?? '' }, qty(r.value, def.unit)),
        h('td', null, targetText(r.target, def.unit)),
        h('td', null, badge(r.attained, r.target, r.value), r.reason ? h('div', { class: 'small muted', 'data-code': r.reasonCode }, reasonText(r)) : null),
        h('td', { class: 'num' }, num(r.contributors))))),
      h('tfoot', null, h('tr', { class: 'aggregate-row' },
        h('td'), h('th', { scope: 'row' }, `${t('aggregate')} (${unit.name})`),
        h('td', { class: 'num' }, qty(comparison.aggregate?.value, def.unit)),
        h('td', null, targetText(comparison.aggregate?.target, def.unit)),
        h('td', null, badge(comparison.aggregate?.attained, comparison.aggregate?.target, comparison.aggregate?.value)),
        h('td', { class: 'num' }, num(comparison.aggregate?.contributors))))));
  }

  function renderChart() {
    const def = findIndicator(indicator);
    const ratio = !isTotal(def);
    const agg = comparison.aggregate ?? {};
    fill(aggregateBox,
      h('p', { 'data-testid': 'aggregate' },
        h('strong', null, `${nameOf(indicator)} · ${unit.name}: `),
        h('span', { 'data-testid': 'aggregate-value', 'data-value': agg.value ?? '' }, qty(agg.value, def.unit)),
        ` · ${t('target')}: ${targetText(agg.target, def.unit)} · `,
        badge(agg.attained, agg.target, agg.value, 'aggregate-status')),
      h('p', { class: 'muted small' }, t(`direction_${comparison.direction ?? def.direction}`)),
      ratio ? null : h('p', { class: 'muted small', 'data-testid': 'additive-note' }, t('additiveNote', { name: unit.name })));
    const title = t('chartTitle', { indicator: nameOf(indicator), period });
    fill(chartBox,
      rankedBarChart({ rows: comparison.children, aggregate: agg, indicator: def, unitName: unit.name, title, boxWidth: chartBox.clientWidth }),
      h('figcaption', { class: 'legend' },
        h('span', { class: 'key key-ok' }, `✓ ${t('legendAttained')}`),
        h('span', { class: 'key key-bad' }, `✗ ${t('legendNotAttained')}`),
        h('span', { class: 'key key-none' }, `– ${t('legendNone')}`),
        ratio ? h('span', { class: 'key key-target' }, t('legendTarget', { name: unit.name })) : null,
        h('span', { class: 'key key-own' }, t('legendOwnTarget')),
        ratio ? h('span', { class: 'key key-aggregate' }, t('legendAggregate', { name: unit.name })) : null));
    renderTable();
  }

  function renderHeat(own, children) {
    const columns = indicators();
    const cell = (data, i) => {
      const v = data?.indicators?.[i.code] ?? {};
      const a = attainment(v.attained, v.target, v.value);
      return h('td', {
        class: `heat heat-${a.state}`, 'data-indicator': i.code, 'data-attained': String(v.attained ?? null),
        title: `${nameOf(i.code)}: ${qty(v.value, i.unit)} — ${a.text}; ${t('target')} ${targetText(v.target, i.unit)}`,
      }, num(v.value), h('span', { class: 'heat-mark', 'aria-hidden': 'true' }, ` ${a.symbol}`), h('span', { class: 'sr-only' }, ` ${a.text}`));
    };
    fill(heatBox, h('table', { class: 'table heatmap', 'data-testid': 'heatmap' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('childName')),
        columns.map((i) => h('th', { scope: 'col', class: 'vertical' },
          h('button', {
            type: 'button', class: 'linkish', 'aria-pressed': String(i.code === indicator), 'data-indicator': i.code,
            onclick: () => { select.value = i.code; select.dispatchEvent(new Event('change')); },
          }, nameOf(i.code)))))),
      h('tbody', null,
        h('tr', { class: 'aggregate-row', 'data-unit': unit.code }, h('th', { scope: 'row' }, `${t('aggregate')} (${unit.name})`), columns.map((i) => cell(own, i))),
        unit.children.map((c, n) => h('tr', { 'data-unit': c.code },
          h('th', { scope: 'row' }, h('a', { href: ctx.href('unit', c.code, period) }, c.name)),
          columns.map((i) => cell(children[n], i)))))));
  }

  async function refresh() {
    const mine = ++seq;
    const wanted = indicator;
    let result;
    try {
      result = await Promise.all([
        api.comparison(unit.code, period, wanted),
        api.indicators(unit.code, period),
        Promise.all(unit.children.map((c) => api.indicators(c.code, period))),
      ]);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(error, errorBox(e));
        return;
      }
      throw e;
    }
    if (mine !== seq || wanted !== indicator) return; // a newer request (another indicator) owns the view
    const [cmp, own, children] = result;
    fill(error, restatedNote(own, period));
    const chartKey = JSON.stringify(cmp);
    if (chartKey !== shownChart) {
      shownChart = chartKey;
      comparison = cmp;
      renderChart();
    }
    const heatKey = JSON.stringify([own, children, indicator]);
    if (heatKey !== shownHeat) {
      shownHeat = heatKey;
      renderHeat(own, children);
    }
  }

  redrawOnResize(chartBox, () => { if (comparison) renderChart(); });
  refresh().catch((e) => fill(error, errorBox(e)));
  return { refresh };
}
