// The shell: routes (#/view/unit/period?params), the unit picker, breadcrumb, tabs, language and the live loop.
import { api, ApiError, orNull, readOnTree } from './api.js';
import { currentKey, signOut } from './auth.js';
import { h, fill } from './dom.js';
import { t, lang, setLang, setCatalog } from './i18n.js';
import { time } from './format.js';
import { errorBox, loading } from './ui.js';
import * as overview from './overview.js';
import * as compare from './compare.js';
import * as commune from './commune.js';
import * as whatif from './whatif.js';
import * as ranking from './ranking.js';
import * as importPage from './import.js';
import { PERIOD, KINDS, parsePeriod, periodId, partLabel, partFor, lastMonth } from './periods.js';
import { setTrees, hasTrees, trees, treeOfPeriod, isOlder, treeLabel } from './trees.js';
import { listen } from './events.js';

const VIEWS = { unit: overview, compare, report: commune, whatif, ranking, import: importPage };
const DEFAULT_ROUTE = { view: 'unit', code: '30', period: '2023' };
// A view listens to its unit's events (at most one a second); only while the stream is lost does it poll, slowly.
const FALLBACK_MS = 30_000;

const $ = (id) => document.getElementById(id);
let active = null; // { key, route, ancestors, instance }
let navigation = 0;
let refreshing = false;
let refreshAgain = false; // an event came while refreshing
let stopListening = null;
let fallback = null;
let streamLost = false; // the events stream was lost and is not open again yet
let pickerNavigation = false; // the next hash change comes from the period picker
let addressTree = null; // the tree chosen in the address (?tree=), null for the period's own

/** A dashboard address; it keeps the tree chosen unless `params` names another (`tree: null`: the period's own). */
export function href(view, code, period, params) {
  const all = Object.entries({ tree: addressTree, ...params }).filter(([, value]) => value != null && value !== '');
  const query = all.length ? `?${new URLSearchParams(all)}` : '';
  return `#/${view}/${encodeURIComponent(code)}/${encodeURIComponent(period)}${query}`;
}

function parseRoute() {
  const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
  if (!path) return { ...DEFAULT_ROUTE, params: new URLSearchParams() };
  const [view, code, period] = path.split('/').map(decodeURIComponent);
  if (!VIEWS[view] || !code || !period) return null;
  return { view, code, period, params: new URLSearchParams(query ?? '') };
}

/** Changes a query parameter of the current address without re-rendering (the view already shows it). */
function setParam(name, value) {
  const route = parseRoute();
  if (!route) return;
  route.params.set(name, value);
  history.replaceState(null, '', href(route.view, route.code, route.period, Object.fromEntries(route.params)));
}

async function ancestorsOf(unit) {
  const chain = [];
  let parent = unit.parent;
  while (parent && chain.length < 20) {
    chain.unshift(parent);
    try {
      parent = (await api.unit(parent.code)).parent;
    } catch (error) {
      // A key scoped to a commune or district may not read the units above it: the breadcrumb starts at its scope.
      if (error instanceof ApiError && error.status === 403) break;
      throw error;
    }
  }
  return chain;
}

function translateShell() {
  document.documentElement.lang = lang();
  document.title = t('appTitle');
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  const button = $('lang');
  button.textContent = t('switchTo');
  button.lang = lang() === 'vi' ? 'en' : 'vi';
  $('sign-out').textContent = t('signOut');
  $('sign-out').hidden = currentKey() === null;
  const picked = { kind: $('picker-kind').value || 'year', part: Number($('picker-part').value) || 0 };
  fill($('picker-kind'), KINDS.map(([kind]) => h('option', { value: kind }, t(`periodKind_${kind}`))));
  $('picker-kind').value = picked.kind;
  fillParts(picked.kind, picked.part);
  const route = parseRoute();
  if (route && PERIOD.test(route.period)) fillTrees(route.period, route.params.get('tree'));
}

/** The tree selector: the period's own tree, then each tree by name and day, none older than the period's own. */
function fillTrees(period, chosen) {
  $('picker-tree-label').hidden = !hasTrees();
  if (!hasTrees()) return;
  const own = treeOfPeriod(period);
  const offered = trees().filter((tree) => !isOlder(tree.id, own.id));
  fill($('picker-tree'), h('option', { value: '' }, t('treeOwn')),
    offered.map((tree) => h('option', { value: tree.id }, treeLabel(tree))));
  $('picker-tree').value = offered.some((tree) => tree.id === chosen) ? chosen : '';
}

/**
 * Shows the view on the tree picked: the same unit when that tree has its code, else the nearest unit above
 * it that the tree has (a district abolished in 2025 gives way to the nation).
 */
async function showTree() {
  const route = parseRoute();
  if (!route || !PERIOD.test(route.period)) return;
  const chosen = $('picker-tree').value || null;
  const tree = chosen ?? treeOfPeriod(route.period).id;
  const codes = [route.code, ...(active?.ancestors ?? []).map((a) => a.code).reverse()];
  let code = route.code;
  for (const candidate of codes) {
    if (await orNull(api.unit(candidate, tree))) {
      code = candidate;
      break;
    }
  }
  pickerNavigation = true;
  location.hash = href(route.view, code, route.period, { ...Object.fromEntries(route.params), tree: chosen });
}

/** The choices within a year for a kind of period (months, quarters, halves), hidden for a year or nine months. */
function fillParts(kind, part) {
  const count = KINDS.find(([k]) => k === kind)?.[1] ?? 0;
  $('picker-part-label').hidden = count === 0;
  $('picker-part').dataset.kind = kind;
  $('picker-part-name').textContent = count ? t(`periodPart_${kind}`) : '';
  fill($('picker-part'), Array.from({ length: count }, (_, i) => h('option', { value: String(i + 1) }, partLabel(kind, i + 1))));
  if (count) $('picker-part').value = String(Math.min(Math.max(part || 1, 1), count));
}

/** Shows a period id in the picker; an id that is no period leaves the picker at this year. */
function showPeriod(id) {
  const p = parsePeriod(id) ?? { kind: 'year', year: new Date().getFullYear(), part: 0 };
  $('picker-kind').value = p.kind;
  $('picker-year').value = String(p.year);
  fillParts(p.kind, p.part);
}

/** Shows the picked period in the current view (the unit and view stay), unless the year typed is no year yet. */
function showPicked() {
  if (!$('picker-year').checkValidity()) return;
  const route = parseRoute() ?? DEFAULT_ROUTE;
  const target = href(route.view, route.code, pickedPeriod());
  if (target === location.hash) return;
  pickerNavigation = true;
  location.hash = target;
}

function pickedPeriod() {
  return periodId({ kind: $('picker-kind').value, year: Number($('picker-year').value), part: Number($('picker-part').value) || 0 });
}

/** The picker shows the route, unless it is what the reader just picked (and may be picking on from). */
function showRoute(route, picked) {
  $('picker-unit').value = route.code;
  if (!picked) showPeriod(route.period);
  if (PERIOD.test(route.period)) fillTrees(route.period, route.params.get('tree'));
}

function renderChrome(route, unit, ancestors, picked, restated) {
  showRoute(route, picked);
  const crumbView = (u) => (route.view === 'report' && !u.isLeaf ? 'unit' : route.view === 'compare' && u.isLeaf ? 'unit' : route.view);
  fill($('breadcrumb'), h('ol', null,
    ancestors.map((a) => h('li', null, h('a', { href: href(crumbView(a), a.code, route.period), 'data-unit': a.code }, a.name))),
    h('li', null, h('span', { 'aria-current': 'page', 'data-unit': unit.code }, unit.name))));
  const tabs = [
    ['unit', t('tabOverview'), true],
    ['compare', t('tabCompare'), !unit.isLeaf],
    ['report', t('tabReport'), unit.isLeaf && !restated],
    ['whatif', t('tabWhatIf'), true],
    ['ranking', t('tabRanking'), !unit.isLeaf || route.view === 'ranking'],
    ['import', t('tabImport'), true],
  ];
  fill($('tabs'), h('ul', null, tabs.filter(([, , shown]) => shown).map(([view, label]) =>
    h('li', null, h('a', {
      href: href(view, route.code, route.period, view === route.view ? Object.fromEntries(route.params) : undefined),
      'aria-current': view === route.view ? 'page' : null,
      'data-testid': `tab-${view}`,
    }, label)))));
}

async function show(saved, picked = false) {
  const token = ++navigation;
  const route = parseRoute();
  addressTree = route?.params.get('tree') || null;
  active?.instance?.unmount?.();
  active = null;
  listenTo(null);
  $('live').textContent = '';
  const root = $('view');
  if (!route) {
    fill(root, h('div', { class: 'alert alert-error', role: 'alert' }, t('badRoute')));
    return;
  }
  if (!location.hash) {
    // A key scoped to a district or a commune starts at its own unit (a reporter at its report form).
    const me = await api.me().catch(() => null);
    if (token !== navigation) return;
    if (me?.unit) Object.assign(route, { view: me.role === 'reporter' ? 'report' : 'unit', code: me.unit });
    history.replaceState(null, '', href(route.view, route.code, route.period));
  }
  if (!PERIOD.test(route.period)) {
    showRoute(route, picked);
    fill(root, h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' }, t('badPeriod', { period: route.period })));
    return;
  }
  // With trees, every read names the tree the view is on; a tree older than the period's own cannot show it.
  let restated = false;
  if (hasTrees()) {
    const own = treeOfPeriod(route.period).id;
    if (addressTree && isOlder(addressTree, own)) {
      addressTree = null;
      route.params.delete('tree');
      history.replaceState(null, '', href(route.view, route.code, route.period, Object.fromEntries(route.params)));
    }
    restated = addressTree !== null && addressTree !== own;
    // Reports are entered on the period's own tree; a restated leaf has none to enter.
    if (restated && route.view === 'report') {
      route.view = 'unit';
      history.replaceState(null, '', href(route.view, route.code, route.period, Object.fromEntries(route.params)));
    }
    readOnTree(addressTree ?? own);
  }
  fill(root, loading());
  let unit;
  let ancestors;
  try {
    unit = await api.unit(route.code);
    ancestors = await ancestorsOf(unit);
  } catch (error) {
    if (token !== navigation) return;
    showRoute(route, picked);
    fill($('breadcrumb'));
    fill($('tabs'));
    fill(root, errorBox(error));
    return;
  }
  if (token !== navigation) return;
  $('sign-out').hidden = currentKey() === null;
  renderChrome(route, unit, ancestors, picked, restated);
  const ctx = { ...route, unit, ancestors, restated, tree: hasTrees() ? addressTree ?? treeOfPeriod(route.period).id : null, href, setParam, navigate: (view, code, period, params) => { location.hash = href(view, code, period, params); } };
  const instance = VIEWS[route.view].mount(root, ctx, saved) ?? {};
  active = { key: location.hash, route, ancestors, instance };
  listenTo(instance.refresh ? route : null);
}

/** Refreshes the view at each event of its unit and period, or every FALLBACK_MS while the stream cannot be opened. */
function listenTo(route) {
  stopListening?.();
  stopListening = null;
  clearInterval(fallback);
  fallback = null;
  streamLost = false;
  delete $('live').dataset.stream;
  if (!route) return;
  stopListening = listen(route.code, route.period, tick, (open) => {
    clearInterval(fallback);
    fallback = open ? null : setInterval(tick, FALLBACK_MS);
    streamLost = !open;
    $('live').dataset.stream = open ? 'open' : 'lost';
    // Open again: the server sends the current figures at once, and their refresh says so.
    if (!open) showLive(t('liveReconnecting'), true);
  });
}

function showLive(text, lost) {
  const live = $('live');
  live.textContent = text;
  live.classList.toggle('lost', lost);
}

async function tick() {
  if (document.hidden || !active?.instance?.refresh) return;
  if (refreshing) {
    refreshAgain = true;
    return;
  }
  refreshing = true;
  refreshAgain = false;
  try {
    await active.instance.refresh();
    // A read while the stream is lost is the fallback's: the page is not live until the stream opens again.
    showLive(streamLost ? t('liveReconnecting') : t('live', { time: time(new Date()) }), streamLost);
  } catch {
    showLive(t('liveLost'), true);
  } finally {
    refreshing = false;
  }
  if (refreshAgain) tick();
}

async function start() {
  setLang(lang());
  translateShell();
  // Another kind keeps the months chosen as far as it can: from the second quarter to a month is June.
  $('picker-kind').addEventListener('change', () => {
    const before = { kind: $('picker-part').dataset.kind, part: Number($('picker-part').value) || 0 };
    const kind = $('picker-kind').value;
    fillParts(kind, partFor(kind, lastMonth(before)));
    showPicked();
  });
  // A period is shown as soon as it is picked; a year once it is typed (on change: Enter, leaving the field, its arrows).
  $('picker-part').addEventListener('change', showPicked);
  $('picker-year').addEventListener('change', showPicked);
  $('picker').addEventListener('submit', (event) => {
    event.preventDefault();
    const route = parseRoute() ?? DEFAULT_ROUTE;
    location.hash = href(route.view, $('picker-unit').value.trim(), pickedPeriod());
  });
  $('sign-out').addEventListener('click', signOut);
  $('lang').addEventListener('click', () => {
    const saved = active?.instance?.snapshot?.(); // read in the language it was typed in
    setLang(lang() === 'vi' ? 'en' : 'vi');
    translateShell();
    show(saved);
  });
  $('picker-tree').addEventListener('change', showTree);
  try {
    const [catalog, known] = await Promise.all([api.catalog(), api.trees()]);
    setCatalog(catalog);
    setTrees(known);
  } catch (error) {
    fill($('view'), errorBox(error));
    return;
  }
  // After following a link, keyboard and screen-reader users start at the new content, not at the top of the page;
  // after picking a period they stay on the picker, to pick again.
  window.addEventListener('hashchange', () => {
    const picking = pickerNavigation;
    pickerNavigation = false;
    show(undefined, picking).then(() => { if (!picking) $('view').focus({ preventScroll: true }); });
  });
  // Events that came while the tab was hidden did not refresh it.
  document.addEventListener('visibilitychange', () => { if (!document.hidden) tick(); });
  await show();
}

start();
