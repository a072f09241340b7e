// "Vị trí": where a unit stands on every indicator among the units of its own level under each of its ancestors
// (GET /api/units/{code}/standing/{period}): rank of how many, the percentile as a bar (best to the right), and a
// link to the whole ranking with the unit marked.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, findIndicator, nameOf, levelLabel } from './i18n.js';
import { num, qty } from './format.js';
import { errorBox, loading } from './ui.js';

/** The ancestors the answer compares with, parent first, as the first indicator that lists them names them. */
function scopesOf(standing) {
  const scopes = [];
  for (const entry of Object.values(standing.indicators)) {
    for (const s of entry.standings) if (!scopes.some((known) => known.scope === s.scope)) scopes.push(s);
  }
  return scopes;
}

/** Fills `root` (a section) with the panel; answers { refresh }. */
export function mount(root, ctx) {
  const { unit, period, href } = ctx;
  const box = h('div', null, loading());
  fill(root,
    h('h2', { id: 'standing-heading' }, t('standingTitle')),
    h('p', { class: 'muted small' }, t('standingIntro', { name: unit.name, level: levelLabel(unit.level) }), ' ', t('standingInfo')),
    box);
  let shown = '';

  function cell(entry, indicator, scope) {
    if (!entry) return h('td', { 'data-scope': scope.scope }, '—');
    const attrs = {
      'data-scope': entry.scope, 'data-rank': entry.rank ?? '', 'data-of': entry.of, 'data-percentile': entry.percentile ?? '',
    };
    const link = href('ranking', entry.scope, period, { indicator, level: entry.level, unit: unit.code });
    if (entry.rank == null) {
      return h('td', { ...attrs, class: 'standing' },
        h('span', { class: 'muted' }, t('standingNoData')), ' ',
        h('a', { href: link, class: 'small', 'aria-label': t('standingRankingOf', { scope: entry.scopeName }) }, t('standingRanking')));
    }
    const percentile = Number(entry.percentile);
    // An indicator only followed (no better or worse) is ranked by its value, highest first: its bar is grey.
    const info = findIndicator(indicator)?.direction === 'info';
    return h('td', { ...attrs, class: `standing${info ? ' standing-info' : ''}`, title: info ? t('standingInfo') : null },
      h('a', {
        href: link, class: 'standing-rank',
        'aria-label': t('standingRankLabel', { rank: entry.rank, of: entry.of, scope: entry.scopeName }),
      }, `${num(entry.rank)}/${num(entry.of)}`),
      h('div', {
        class: 'meter standing-meter', role: 'meter', 'aria-label': t('standingPercentileLabel'),
        'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': percentile, 'aria-valuetext': num(percentile, 1),
      }, h('div', { class: 'meter-fill', style: { width: `${Math.max(0, Math.min(100, percentile))}%` } })),
      h('span', { class: 'small muted' }, t('standingPercentile', { value: num(percentile, 1) })));
  }

  function render(standing) {
    const scopes = scopesOf(standing);
    if (scopes.length === 0) {
      fill(box, h('p', { class: 'muted', 'data-testid': 'standing-none' }, t('standingNone')));
      return;
    }
    fill(box, h('div', { class: 'scroll' }, h('table', { class: 'table standing-table', 'data-testid': 'standing-table' },
      h('caption', { class: 'sr-only' }, t('standingTitle')),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('indicator')),
        h('th', { scope: 'col', class: 'num' }, t('value')),
        scopes.map((s) => h('th', { scope: 'col', 'data-scope': s.scope },
          t('standingIn', { name: s.scopeName }), h('br'), h('span', { class: 'small muted' }, levelLabel(s.level)))))),
      h('tbody', null, indicators().map((i) => {
        const entry = standing.indicators[i.code];
        return h('tr', { 'data-indicator': i.code },
          h('th', { scope: 'row' }, nameOf(i.code)),
          h('td', { class: 'num', 'data-value': entry?.value ?? '' }, qty(entry?.value, i.unit)),
          scopes.map((s) => cell(entry?.standings.find((e) => e.scope === s.scope), i.code, s)));
      })))));
  }

  async function refresh() {
    let standing;
    try {
      standing = await api.standing(unit.code, period);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(box, errorBox(e, 'standing-error'));
        shown = '';
        return;
      }
      throw e;
    }
    const key = JSON.stringify(standing);
    if (key === shown) return;
    shown = key;
    render(standing);
  }

  return { refresh };
}
