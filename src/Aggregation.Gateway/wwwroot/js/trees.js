// Dated trees of units (SPEC section 10): which tree a period is on, the note on a view restated onto a newer
// tree, and a leaf's lineage one mapping step each way. An installation with a single tree shows none of this.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t } from './i18n.js';
import { locale } from './format.js';
import { errorBox } from './ui.js';
import { parsePeriod, periodName } from './periods.js';

let all = []; // GET /api/trees: [{id, validFrom, name, units, leaves}], oldest first

export function setTrees(value) {
  all = [...value].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
}

/** Trees are shown only where there is more than one: an installation without trees looks as it always did. */
export const hasTrees = () => all.length > 1;

export const trees = () => all;

export const findTree = (id) => all.find((tree) => tree.id === id) ?? null;

const pad = (n) => String(n).padStart(2, '0');

/** The last day of a period as yyyy-mm-dd: 31 Dec of a year, the end of a half, quarter or month, of the months to date. */
export function lastDay(period) {
  const p = parsePeriod(period);
  if (!p) return null;
  const month = { year: 12, half: p.part * 6, quarter: p.part * 3, month: p.part, nine: 9, ytd: p.part }[p.kind];
  const day = new Date(Date.UTC(p.year, month, 0)).getUTCDate();
  return `${p.year}-${pad(month)}-${pad(day)}`;
}

/** The tree a period is on, as the server decides: the one in force on its last day, the oldest for a period before them all. */
export function treeOfPeriod(period) {
  const day = lastDay(period);
  if (!day || all.length === 0) return null;
  let found = all[0];
  for (const tree of all) if (tree.validFrom && tree.validFrom <= day) found = tree;
  return found;
}

/** Whether tree a comes into force before tree b. */
export function isOlder(a, b) {
  const [x, y] = [findTree(a), findTree(b)];
  return Boolean(x && y && (x.validFrom ?? '') < (y.validFrom ?? ''));
}

/** "01/07/2025" in Vietnamese, "7/1/2025" in English. */
export function validFromText(tree) {
  if (!tree?.validFrom) return '';
  const [y, m, d] = tree.validFrom.split('-').map(Number);
  return new Intl.DateTimeFormat(locale(), { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' })
    .format(new Date(Date.UTC(y, m - 1, d)));
}

/** A tree as the selector offers it: its name and the day its units came into force. */
export function treeLabel(tree) {
  return tree.validFrom ? t('treeOption', { name: tree.name || tree.id, date: validFromText(tree) }) : tree.name || tree.id;
}

/**
 * The note on a view of a period seen on another tree than the one its reports were made on: which trees the
 * figures come from, whether a share in them is estimated and, at a root, how many old units no mapping takes on.
 * Null when the answer says nothing of trees (a period seen on its own tree).
 */
export function restatedNote(data, period) {
  if (!data?.tree || !Array.isArray(data.dataTrees) || data.dataTrees.every((id) => id === data.tree)) return null;
  const seen = findTree(data.tree);
  const from = data.dataTrees.filter((id) => id !== data.tree).join(', ');
  return h('div', {
    class: 'alert alert-tree', role: 'note', 'data-testid': 'restated-note',
    'data-tree': data.tree, 'data-estimated': String(data.estimated === true), 'data-unmapped': data.unmappedLeaves ?? '',
  },
  h('strong', null, t('restatedOnto', { period: lowerFirst(periodName(period)), date: seen ? validFromText(seen) : data.tree, tree: seen ? seen.name : data.tree, from })),
  data.estimated ? [' · ', h('span', { class: 'estimated', 'data-testid': 'restated-estimated' }, t('estimated'))] : null,
  data.unmappedLeaves > 0 ? h('p', { class: 'small', 'data-testid': 'restated-unmapped' }, t('unmappedLeaves', { count: data.unmappedLeaves })) : null);
}

const lowerFirst = (text) => text.charAt(0).toLocaleLowerCase() + text.slice(1);

/** A share as a percentage: "40 %", at most two decimals. */
function percent(share) {
  return `${new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(Number(share) * 100)}\u00a0%`;
}

/** The period a link to a unit of another tree shows: this one where the tree can show it, else the last year on that tree. */
function periodOn(tree, period) {
  const own = treeOfPeriod(period);
  if (!own || !isOlder(tree.id, own.id)) return period;
  const next = all[all.indexOf(tree) + 1];
  return String(Number(next.validFrom.slice(0, 4)) - 1);
}

/** One side of a lineage: whole units by name, a known part as "40 % X", an estimated part as "một phần X (ước tính)". */
function parts(links, period, href) {
  return links.map((link, i) => {
    const tree = findTree(link.tree);
    const at = tree ? periodOn(tree, period) : period;
    const anchor = h('a', { href: href('unit', link.unit, at, { tree: link.tree }), 'data-unit': link.unit, 'data-tree': link.tree }, link.name);
    const whole = Number(link.share) === 1 && !link.estimated;
    let content = anchor;
    if (link.estimated) content = [t('partOf'), ' ', anchor, ' (', h('span', { class: 'estimated' }, t('estimated')), ')'];
    else if (!whole) content = [t('shareOf', { share: percent(link.share) }), ' ', anchor];
    return h('span', {
      class: 'lineage-part', 'data-testid': 'lineage-part', 'data-unit': link.unit,
      'data-share': link.share, 'data-estimated': String(link.estimated === true),
    }, i > 0 ? ' + ' : null, content);
  });
}

/** The lineage panel of a leaf: where it came from on the tree before, where it went on the tree after; empty without either. */
export function lineage(panel, unit, treeId, period, href) {
  const tree = findTree(treeId);
  if (!tree) return;
  api.lineage(tree.id, unit.code).then((data) => {
    if (data.predecessors.length === 0 && data.successors.length === 0) return;
    const year = tree.validFrom ? ` (${tree.validFrom.slice(0, 4)})` : '';
    fill(panel,
      h('h2', { id: 'lineage-heading' }, t('lineageTitle')),
      data.predecessors.length
        ? h('p', { 'data-testid': 'lineage-predecessors' }, `${data.name}${year} = `, parts(data.predecessors, period, href))
        : null,
      data.successors.length
        ? h('p', { 'data-testid': 'lineage-successors' }, `${data.name}${year} ${t('mergedInto')} `, parts(data.successors, period, href))
        : null);
    panel.hidden = false;
  }).catch((e) => {
    // A unit the key may not read on that tree has no lineage to show.
    if (e instanceof ApiError && (e.status === 403 || e.status === 404)) return;
    fill(panel, errorBox(e, 'lineage-error'));
    panel.hidden = false;
  });
}
