// Overview of one unit and period: completeness, a card per indicator, the units below it.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, nameOf, levelLabel, reasonText } from './i18n.js';
import { num, qty, target } from './format.js';
import { badge, errorBox, loading } from './ui.js';

export function mount(root, ctx) {
  const { unit, period, href } = ctx;
  const head = h('header', { class: 'view-head' },
    h('h1', { 'data-testid': 'unit-name' }, unit.name),
    h('p', { class: 'muted' }, `${t('childCode')} ${unit.code} · ${levelLabel(unit.level)} · ${t('periodLabel', { period })}`));
  const summary = h('div', { class: 'summary' });
  const cards = h('div', { class: 'cards', 'data-testid': 'indicator-cards' });
  const below = h('section', { class: 'panel', 'aria-labelledby': 'children-title' });
  const error = h('div');
  fill(root, head, error, summary,
    h('section', { 'aria-labelledby': 'cards-title' }, h('h2', { id: 'cards-title' }, t('indicatorsOf', { name: unit.name })), cards),
    below);
  fill(cards, loading());
  let shown = '';

  async function refresh() {
    let data;
    let children;
    try {
      [data, children] = await Promise.all([
        api.indicators(unit.code, period),
        Promise.all(unit.children.map((c) => api.indicators(c.code, period))),
      ]);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(error, errorBox(e));
        fill(cards);
        fill(below);
        shown = '';
        return;
      }
      throw e;
    }
    const key = JSON.stringify([data, children]);
    if (key === shown) return;
    shown = key;
    fill(error);
    renderSummary(summary, data);
    fill(cards, indicators().map((i) => card(i, data.indicators[i.code], data.expectedLeaves)));
    renderChildren(below, unit, children, period, href);
  }

  refresh().catch((e) => fill(error, errorBox(e)));
  return { refresh };
}

function renderSummary(el, data) {
  const share = data.expectedLeaves ? (data.reportedLeaves / data.expectedLeaves) * 100 : 0;
  fill(el,
    h('p', { class: 'completeness', 'data-testid': 'completeness', 'data-reported': data.reportedLeaves, 'data-expected': data.expectedLeaves },
      t('completeness', { reported: num(data.reportedLeaves), expected: num(data.expectedLeaves) })),
    h('div', {
      class: 'meter', role: 'progressbar', 'aria-label': t('completeness', { reported: data.reportedLeaves, expected: data.expectedLeaves }),
      'aria-valuemin': 0, 'aria-valuemax': data.expectedLeaves, 'aria-valuenow': data.reportedLeaves,
    }, h('div', { class: 'meter-fill', style: { width: `${share}%` } })),
    data.flaggedLeaves > 0 ? h('p', { class: 'flagged', 'data-testid': 'flagged' }, `⚠ ${t('flagged', { count: num(data.flaggedLeaves) })}`) : null);
}

function card(indicator, value, expected) {
  const v = value ?? {};
  const lowerBound = v.target && (v.target.comparator === '>=' || v.target.comparator === '>');
  const state = v.attained === true ? 'ok' : v.attained === false ? 'bad' : 'none';
  const titleId = `card-${indicator.code}`;
  return h('article', {
    class: `card card-${state}`, 'aria-labelledby': titleId, 'data-testid': 'indicator-card',
    'data-indicator': indicator.code, 'data-value': v.value ?? '', 'data-attained': String(v.attained ?? null),
  },
  h('h3', { id: titleId }, nameOf(indicator.code)),
  h('p', { class: 'value', 'data-testid': 'indicator-value' }, qty(v.value, indicator.unit)),
  h('p', { class: 'target', 'data-testid': 'indicator-target' }, `${t('target')}: ${target(v.target, indicator.unit)}`),
  badge(v.attained, v.target, v.value, 'indicator-status'),
  lowerBound && v.progress != null
    ? h('div', { class: 'progress' },
      h('div', {
        class: `meter meter-${state}`, role: 'progressbar', 'aria-label': t('progress'),
        'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.min(100, Math.round(v.progress)),
        'aria-valuetext': qty(v.progress, '%', 1),
      }, h('div', { class: 'meter-fill', style: { width: `${Math.max(0, Math.min(100, v.progress))}%` } })),
      h('span', { class: 'muted', 'data-testid': 'indicator-progress' }, t('progressOf', { value: qty(v.progress, '%', 1) })))
    : null,
  h('p', { class: 'muted small' }, t('contributors', { count: num(v.contributors ?? 0), expected: num(expected) })),
  v.reason ? h('p', { class: 'reason small', 'data-code': v.reasonCode }, reasonText(v)) : null);
}

function renderChildren(el, unit, children, period, href) {
  if (unit.children.length === 0) {
    fill(el, h('h2', { id: 'children-title' }, t('children')), h('p', { class: 'muted' }, t('noChildren')),
      h('p', null, h('a', { class: 'button', href: href('report', unit.code, period), 'data-testid': 'enter-report' }, t('enterReport'))));
    return;
  }
  fill(el,
    h('h2', { id: 'children-title' }, t('children')),
    h('table', { class: 'table', 'data-testid': 'children-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('childName')), h('th', { scope: 'col' }, t('childCode')), h('th', { scope: 'col' }, t('childLevel')),
        h('th', { scope: 'col', class: 'num' }, t('childReported')), h('th', { scope: 'col' }, t('childActions')))),
      h('tbody', null, unit.children.map((c, i) => {
        const data = children[i];
        const complete = data && data.reportedLeaves === data.expectedLeaves;
        return h('tr', { 'data-unit': c.code },
          h('th', { scope: 'row' }, h('a', { href: href('unit', c.code, period) }, c.name)),
          h('td', null, c.code),
          h('td', null, levelLabel(c.level)),
          h('td', { class: `num ${complete ? '' : 'incomplete'}` },
            data ? `${num(data.reportedLeaves)}/${num(data.expectedLeaves)}` : '—',
            complete ? null : h('span', { class: 'sr-only' }, ` (${t('noData')})`)),
          h('td', null, c.isLeaf
            ? h('a', { href: href('report', c.code, period) }, t('enterReport'))
            : h('a', { href: href('compare', c.code, period) }, t('tabCompare'))));
      }))));
}
