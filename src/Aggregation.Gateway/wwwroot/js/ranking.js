// The ranking page: the units of a level under a scope ranked on one indicator (SPEC section 11), best or worst
// first, the top N or all, and how their values are spread as a histogram with one unit marked: the unit the
// reader came from (?unit=, set by the "Vị trí" links) or the scope itself when it is of the level ranked.
// Address: #/ranking/{scope}/{period}?indicator=&level=&order=best|worst&top=10|20|50|all&unit=&tree=
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, indicators, findIndicator, nameOf, levelLabel } from './i18n.js';
import { num, qty, target as targetText } from './format.js';
import { badge, errorBox, loading } from './ui.js';
import { redrawOnResize } from './chart.js';
import { histogram } from './histogram.js';
import { periodName } from './periods.js';

const DEFAULT_INDICATOR = 'poverty_rate';
const TOPS = ['10', '20', '50', 'all'];
const DEFAULT_TOP = '50';
const ORDERS = ['best', 'worst'];

export function mount(root, ctx) {
  const { unit: scope, period, params, setParam, href } = ctx;
  // Values from the address go to the API as they are: one it refuses is shown with its refusal, not replaced.
  let indicator = params.get('indicator') || DEFAULT_INDICATOR;
  let level = params.get('level') || null; // null: the leaves, as the API ranks without one
  let order = params.get('order') || 'best';
  let top = params.get('top') || DEFAULT_TOP;
  const markedUnit = params.get('unit') || (scope.isLeaf ? scope.code : null);
  let seq = 0;
  let shown = '';
  let drawn = null;

  const select = (id, testid, options, value, onchange) => {
    const offered = value && !options.some(([v]) => v === value) ? [[value, value], ...options] : options;
    const el = h('select', { id, 'data-testid': testid },
      offered.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
    el.addEventListener('change', () => onchange(el.value));
    return el;
  };
  const reread = () => {
    shown = '';
    refresh().catch((e) => fill(error, errorBox(e)));
  };
  const indicatorSelect = select('ranking-indicator', 'ranking-indicator', indicators().map((i) => [i.code, nameOf(i.code)]), indicator, (v) => {
    indicator = v;
    setParam('indicator', v);
    reread();
  });
  const levelSelect = select('ranking-level', 'ranking-level', level ? [[level, levelLabel(level)]] : [], level, (v) => {
    level = v;
    setParam('level', v);
    reread();
  });
  const orderSelect = select('ranking-order', 'ranking-order', ORDERS.map((o) => [o, t(`order_${o}`)]), order, (v) => {
    order = v;
    setParam('order', v);
    reread();
  });
  const topSelect = select('ranking-top', 'ranking-top', TOPS.map((n) => [n, n === 'all' ? t('topAll') : t('topN', { n })]), top, (v) => {
    top = v;
    setParam('top', v);
    reread();
  });
  const field = (id, label, control) => h('label', { for: id, class: 'picker-field' }, h('span', null, label), control);

  const error = h('div');
  const counts = h('p', { 'data-testid': 'ranking-count' });
  const direction = h('p', { class: 'muted small' });
  const tableBox = h('div', { class: 'scroll' }, loading());
  const chartBox = h('figure', { class: 'chart-box' }, loading());
  const stats = h('div', { class: 'distribution-stats', 'data-testid': 'distribution-stats' });
  fill(root,
    h('header', { class: 'view-head' },
      h('h1', null, `${t('rankingTitle')} · ${scope.name}`),
      h('p', { class: 'muted' }, t('periodLabel', { period: `${periodName(period)} (${period})` }))),
    h('div', { class: 'toolbar ranking-pickers' },
      field('ranking-indicator', t('indicator'), indicatorSelect),
      field('ranking-level', t('rankingLevel'), levelSelect),
      field('ranking-order', t('rankingOrder'), orderSelect),
      field('ranking-top', t('rankingTop'), topSelect)),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'ranking-heading' },
      h('h2', { id: 'ranking-heading' }, t('rankingTableTitle')), counts, direction, tableBox),
    h('section', { class: 'panel', 'aria-labelledby': 'distribution-heading', 'data-testid': 'distribution' },
      h('h2', { id: 'distribution-heading' }, t('distributionTitle')), chartBox, stats));

  /**
   * The levels the ranking's answer says a ranking under the scope can take (every branch, top down), with the one
   * ranked: the address's, or the leaves' when the address names none.
   */
  function offerLevels(ranking) {
    const chosen = level ?? ranking.level;
    const levels = [...ranking.levels];
    if (chosen && !levels.includes(chosen)) levels.push(chosen);
    if (levels.join('\n') !== [...levelSelect.options].map((o) => o.value).join('\n')) {
      fill(levelSelect, levels.map((l) => h('option', { value: l }, levelLabel(l))));
    }
    if (chosen) levelSelect.value = chosen;
  }

  /** The marked unit with its value: from the rows when it is among them, else from its own standing. */
  async function markOf(ranking) {
    if (!markedUnit) return null;
    const row = ranking.rows.find((r) => r.unit === markedUnit);
    if (row) return { unit: row.unit, name: row.name, value: row.value, rank: row.rank, of: ranking.total - ranking.withoutValue };
    const standing = await api.standing(markedUnit, period);
    if (standing.level !== ranking.level) return null;
    const own = standing.indicators[ranking.indicator];
    const place = own?.standings.find((s) => s.scope === scope.code);
    if (markedUnit !== scope.code && !place) return null; // not under this scope
    return { unit: markedUnit, name: standing.name, value: own?.value ?? null, rank: place?.rank ?? null, of: place?.of ?? null };
  }

  async function refresh() {
    const mine = ++seq;
    const query = { scope: scope.code, level };
    let answer;
    try {
      const [ranking, distribution] = await Promise.all([
        api.ranking(indicator, period, { ...query, order, top: top === 'all' ? null : top }),
        api.distribution(indicator, period, query),
      ]);
      answer = { ranking, distribution, marked: await markOf(ranking) };
    } catch (e) {
      if (mine === seq && e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(error, errorBox(e));
        fill(counts);
        fill(direction);
        fill(tableBox);
        fill(chartBox);
        fill(stats);
        shown = '';
        return;
      }
      throw e;
    }
    if (mine !== seq) return; // a newer choice owns the page
    fill(error);
    const key = JSON.stringify(answer);
    if (key === shown) return;
    shown = key;
    offerLevels(answer.ranking);
    render(answer);
  }

  function render({ ranking, distribution, marked }) {
    drawn = { ranking, distribution, marked };
    const def = findIndicator(ranking.indicator);
    const ranked = ranking.total - ranking.withoutValue;
    fill(counts, t('rankingCount', { total: num(ranking.total), without: num(ranking.withoutValue), level: levelLabel(ranking.level) }),
      ranking.rows.length < ranked ? ` ${t('rankingShown', { shown: num(ranking.rows.length), ranked: num(ranked) })}` : null);
    counts.dataset.total = ranking.total;
    counts.dataset.withoutValue = ranking.withoutValue;
    fill(direction, t(`direction_${ranking.direction}`));
    fill(tableBox, h('table', { class: 'table pin-second rank-table', 'data-testid': 'rank-table' },
      h('caption', { class: 'sr-only' }, t('rankingCaption', { indicator: nameOf(ranking.indicator), scope: scope.name, period })),
      h('thead', null, h('tr', null,
        h('th', { scope: 'col', class: 'num' }, t('rank')),
        h('th', { scope: 'col' }, t('childName')),
        h('th', { scope: 'col' }, t('rankingParent')),
        h('th', { scope: 'col', class: 'num' }, t('value')),
        h('th', { scope: 'col' }, t('target')),
        h('th', { scope: 'col' }, t('status')))),
      h('tbody', null, ranking.rows.map((r) => h('tr', {
        'data-unit': r.unit, 'data-rank': r.rank, class: r.unit === marked?.unit ? 'marked' : null,
        'aria-current': r.unit === marked?.unit ? 'true' : null,
      },
      h('td', { class: 'num' }, num(r.rank)),
      h('th', { scope: 'row' }, h('a', { href: href('unit', r.unit, period) }, r.name)),
      h('td', null, r.parent ? h('a', { href: href('unit', r.parent, period) }, r.parentName ?? r.parent) : '—'),
      h('td', { class: 'num', 'data-value': r.value }, qty(r.value, def.unit)),
      h('td', null, targetText(r.target, def.unit)),
      h('td', null, badge(r.attained, r.target, r.value)))))));
    renderDistribution();
  }

  function renderDistribution() {
    const { distribution, marked } = drawn;
    const def = findIndicator(distribution.indicator);
    const title = t('distributionChartTitle', {
      indicator: nameOf(def.code), level: levelLabel(distribution.level), scope: scope.name, period: periodName(period),
    });
    fill(chartBox,
      histogram({ distribution, indicator: def, marked, title, boxWidth: chartBox.clientWidth }),
      h('figcaption', { class: 'legend' },
        h('span', { class: 'key key-bin' }, t('legendBin')),
        h('span', { class: 'key key-median' }, t('legendMedian')),
        marked ? h('span', { class: 'key key-marked' }, t('legendMarked', { name: marked.name })) : null));
    const q = (v) => qty(v, def.unit);
    fill(stats,
      distribution.count === 0
        ? h('p', null, t('distributionEmpty'))
        : [
          h('p', { 'data-testid': 'distribution-quartiles' }, t('distributionStats', {
            count: num(distribution.count), min: q(distribution.min), q1: q(distribution.q1), median: q(distribution.median),
            q3: q(distribution.q3), max: q(distribution.max), mean: q(distribution.mean),
          })),
          h('p', null, t('distributionAttained', { attained: num(distribution.attained), count: num(distribution.count) })),
        ],
      marked
        ? h('p', { 'data-testid': 'distribution-marked', 'data-unit': marked.unit }, marked.value == null
          ? t('markedNoData', { name: marked.name })
          : marked.rank != null
            ? t('markedRanked', { name: marked.name, value: q(marked.value), rank: num(marked.rank), of: num(marked.of) })
            : t('markedValue', { name: marked.name, value: q(marked.value) }))
        : h('p', { class: 'muted small' }, t('markedNone')));
  }

  redrawOnResize(chartBox, () => { if (drawn) renderDistribution(); });
  refresh().catch((e) => fill(error, errorBox(e)));
  return { refresh };
}
