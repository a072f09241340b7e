// Overview of one unit and period: completeness, a card per indicator (with the same period last year and,
// for a part of the year, progress on the year's plan), the trend of one indicator month by month,
// the communes that have not reported yet and the units below.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, nameOf, levelLabel, reasonText } from './i18n.js';
import { num, qty, target } from './format.js';
import { badge, errorBox, loading } from './ui.js';
import { periodName, sameLastYear } from './periods.js';
import * as trend from './trend.js';
import * as missing from './missing.js';
import * as standing from './standing.js';
import { restatedNote, lineage } from './trees.js';

export function mount(root, ctx) {
  const { unit, period, href, restated } = ctx;
  const lastYear = sameLastYear(period);
  const head = h('header', { class: 'view-head' },
    h('h1', { 'data-testid': 'unit-name' }, unit.name),
    h('p', { class: 'muted', 'data-testid': 'period-name' },
      `${t('childCode')} ${unit.code} · ${levelLabel(unit.level)} · ${t('periodLabel', { period: `${periodName(period)} (${period})` })}`));
  const summary = h('div', { class: 'summary' });
  const cards = h('div', { class: 'cards', 'data-testid': 'indicator-cards' });
  const trendPanel = h('section', { class: 'panel', 'aria-labelledby': 'trend-heading', 'data-testid': 'trend' });
  const standingPanel = h('section', { class: 'panel', 'aria-labelledby': 'standing-heading', 'data-testid': 'standing' });
  const missingPanel = unit.isLeaf ? null : h('section', { class: 'panel', 'aria-labelledby': 'missing-heading', 'data-testid': 'missing' });
  const below = h('section', { class: 'panel', 'aria-labelledby': 'children-title' });
  const lineagePanel = unit.isLeaf && ctx.tree
    ? h('section', { class: 'panel lineage', hidden: true, 'aria-labelledby': 'lineage-heading', 'data-testid': 'lineage' })
    : null;
  const error = h('div');
  const treeNote = h('div');
  fill(root, head, treeNote, error, summary, lineagePanel,
    h('section', { 'aria-labelledby': 'cards-title' }, h('h2', { id: 'cards-title' }, t('indicatorsOf', { name: unit.name })), cards),
    standingPanel, trendPanel, missingPanel, below);
  fill(cards, loading());
  const trendView = trend.mount(trendPanel, ctx);
  const missingView = missingPanel ? missing.mount(missingPanel, ctx) : null;
  const standingView = standing.mount(standingPanel, ctx);
  if (lineagePanel) lineage(lineagePanel, unit, ctx.tree, period, href);
  let shown = '';

  async function refreshCards() {
    let data;
    let before;
    let children;
    try {
      [data, before, children] = await Promise.all([
        api.indicators(unit.code, period),
        lastYear ? api.indicators(unit.code, lastYear) : null,
        Promise.all(unit.children.map((c) => api.indicators(c.code, period))),
      ]);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(error, errorBox(e));
        fill(cards);
        fill(below);
        shown = '';
        return null;
      }
      throw e;
    }
    const key = JSON.stringify([data, before, children]);
    if (key === shown) return data;
    shown = key;
    fill(error);
    fill(treeNote, restatedNote(data, period));
    renderSummary(summary, data);
    fill(cards, indicators().map((i) => card(i, data.indicators[i.code], data.expectedLeaves,
      before ? { period: lastYear, view: before.indicators[i.code] } : null, () => trendView.show(i.code))));
    renderChildren(below, unit, children, period, href, restated);
    return data;
  }

  const refresh = async () => {
    const [data] = await Promise.all([refreshCards(), trendView.refresh(), standingView.refresh()]);
    await missingView?.refresh(data);
  };
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

/** This period's value against the same period last year: the difference in points for a percentage, else the change in %. */
function againstLastYear(indicator, value, before) {
  const now = value?.value;
  const then = before.view?.value;
  const shown = qty(then, indicator.unit);
  let change = null;
  let text = t('changeNone');
  if (now != null && then != null) {
    const points = indicator.unit === '%';
    if (points || Number(then) !== 0) {
      change = points ? Number(now) - Number(then) : (Number(now) / Number(then) - 1) * 100;
      const sign = change > 0 ? '+' : change < 0 ? '−' : '';
      text = t(points ? 'changePoints' : 'changeRelative', { sign, value: num(Math.abs(change), points ? 2 : 1) });
    }
  }
  return h('p', {
    class: 'small last-year', 'data-testid': 'indicator-last-year', 'data-period': before.period,
    'data-value': then ?? '', 'data-change': change ?? '',
  }, t('lastYear', { period: periodName(before.period), value: shown }), h('br'), h('span', { class: 'change' }, text));
}

function progressOfYear(value) {
  const share = Number(value.progressOfYear);
  return h('div', { class: 'progress', 'data-testid': 'indicator-progress-of-year', 'data-value': value.progressOfYear },
    h('div', {
      class: 'meter', role: 'progressbar', 'aria-label': t('progressOfYearLabel'),
      'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.min(100, Math.max(0, Math.round(share))),
      'aria-valuetext': qty(share, '%', 1),
    }, h('div', { class: 'meter-fill', style: { width: `${Math.max(0, Math.min(100, share))}%` } })),
    h('span', { class: 'muted' }, t('progressOfYear', { value: qty(share, '%', 1) })));
}

function derivedMark() {
  return h('span', { class: 'derived', title: t('derived'), 'data-testid': 'indicator-derived' },
    h('span', { 'aria-hidden': 'true' }, 'Σ'), h('span', { class: 'sr-only' }, ` (${t('derived')})`));
}

function card(indicator, value, expected, before, showTrend) {
  const v = value ?? {};
  const lowerBound = v.target && (v.target.comparator === '>=' || v.target.comparator === '>');
  const state = v.attained === true ? 'ok' : v.attained === false ? 'bad' : 'none';
  const titleId = `card-${indicator.code}`;
  return h('article', {
    class: `card card-${state}`, 'aria-labelledby': titleId, 'data-testid': 'indicator-card',
    'data-indicator': indicator.code, 'data-value': v.value ?? '', 'data-attained': String(v.attained ?? null),
    'data-derived': String(v.derived === true),
  },
  h('h3', { id: titleId }, nameOf(indicator.code), v.derived ? [' ', derivedMark()] : null),
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
  v.progressOfYear != null ? progressOfYear(v) : null,
  before ? againstLastYear(indicator, v, before) : null,
  h('p', { class: 'muted small' }, t('contributors', { count: num(v.contributors ?? 0), expected: num(expected) })),
  v.reason ? h('p', { class: 'reason small', 'data-code': v.reasonCode }, reasonText(v)) : null,
  h('button', { type: 'button', class: 'linkish small trend-link', 'data-testid': 'indicator-trend', 'aria-describedby': titleId, onclick: showTrend }, t('trendShow')));
}

/** A restated view has no reports to enter: they are entered on the period's own tree. */
function renderChildren(el, unit, children, period, href, restated) {
  if (unit.children.length === 0) {
    fill(el, h('h2', { id: 'children-title' }, t('children')), h('p', { class: 'muted' }, t('noChildren')),
      restated ? null : h('p', null, h('a', { class: 'button', href: href('report', unit.code, period), 'data-testid': 'enter-report' }, t('enterReport'))));
    return;
  }
  fill(el,
    h('h2', { id: 'children-title' }, t('children')),
    h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'children-table' },
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
            ? (restated ? null : h('a', { href: href('report', c.code, period) }, t('enterReport')))
            : h('a', { href: href('compare', c.code, period) }, t('tabCompare'))));
      })))));
}
