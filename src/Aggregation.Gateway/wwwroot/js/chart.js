// Charts in plain SVG. A ranked horizontal bar chart: one bar per unit in the order given (the API's ranking),
// a dashed line for the target and a solid one for the whole unit's value. A trend: twelve months of a year
// against the same months of the year before.
//
// On a wide screen a chart is drawn 760 units wide and scaled to its box. In a box narrower than COMPACT_BELOW
// pixels (a phone) it is drawn at the box's own width, one unit a pixel, so its text keeps its 12 px: the bar
// chart puts each name on a line of its own above its bar, the trend names every other month.
import { svg } from './dom.js';
import { t, isTotal } from './i18n.js';
import { num, qty, target as targetText, attainment } from './format.js';

const WIDTH = 760;
const LABEL_W = 190;
const VALUE_W = 150;
const ROW_H = 26;
const BOTTOM = 28;

/** Boxes narrower than this (CSS pixels) get the compact drawing. */
export const COMPACT_BELOW = 600;
/** The narrowest compact drawing; a narrower box scrolls it sideways. */
const COMPACT_MIN = 280;
const COMPACT_VALUE_W = 124;
const COMPACT_ROW_H = 42;

/** The width to draw at in a box this wide (0 or unknown: not in the page yet), or null for the scaled wide drawing. */
export function compactWidth(boxWidth) {
  return boxWidth > 0 && boxWidth < COMPACT_BELOW ? Math.max(Math.floor(boxWidth), COMPACT_MIN) : null;
}

/** The attributes that make a chart scale to its box (wide) or keep one unit a pixel (compact). */
export function frame(kind, width, height, compact) {
  const box = { class: `chart${kind ? ` ${kind}` : ''}${compact ? ' chart-compact' : ''}`, viewBox: `0 0 ${width} ${height}` };
  return compact ? { ...box, width, height } : box;
}

/** A line's label where it fits: centred on the line, or ending at it near the right edge, or starting at it near the left. */
export function anchorAt(x, width, rightZone) {
  if (x > width - rightZone) return 'end';
  return x < rightZone / 2 ? 'start' : 'middle';
}

/**
 * Draws a chart in its box again when the box's width calls for another drawing: a phone turned sideways, a window
 * made narrow. Stops once the box has left the page.
 */
export function redrawOnResize(box, draw) {
  let drawnFor = compactWidth(box.clientWidth);
  const observer = new ResizeObserver(() => {
    if (!box.isConnected) {
      observer.disconnect();
      return;
    }
    const wanted = compactWidth(box.clientWidth);
    if (wanted === drawnFor) return;
    drawnFor = wanted;
    draw();
  });
  observer.observe(box);
}

/** Where a chart of these `size`s is drawn in a box this wide: its width and height, the plot's left edge, width and bottom. */
export function plotArea(boxWidth, size) {
  const compact = compactWidth(boxWidth);
  const width = compact ?? size.width;
  const height = compact ? size.compactHeight : size.height;
  const left = compact ? size.compactLeft : size.left;
  return { compact, width, height, left, plotW: width - left - size.right, plotBottom: height - size.bottom };
}

export function niceTicks(min, max, count = 5) {
  const span = max - min;
  const step0 = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => span / s <= count) ?? 10 * magnitude;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

/**
 * rows: [{unit, name, value, target, attained, rank}] best first; aggregate: {value, target};
 * indicator: the catalogue entry; unitName: the compared unit's name.
 */
export function rankedBarChart({ rows, aggregate, indicator, unitName, title, boxWidth = 0 }) {
  // A sum (total income) at the unit is the children's total: its value and target do not belong on the children's scale.
  aggregate = isTotal(indicator) ? null : aggregate;
  const unitTarget = aggregate?.target ?? null;
  const values = [0, aggregate?.value, unitTarget?.value, ...rows.flatMap((r) => [r.value, r.target?.value])]
    .filter((v) => v != null && Number.isFinite(Number(v))).map(Number);
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (max === min) max = min + 1;
  const pad = (max - min) * 0.05;
  min = min < 0 ? min - pad : min;
  max += pad;
  // Compact: the name on its own line above the bar, the bar across the whole width but the value's room.
  const compact = compactWidth(boxWidth);
  const width = compact ?? WIDTH;
  const labelW = compact ? 6 : LABEL_W;
  const valueW = compact ? COMPACT_VALUE_W : VALUE_W;
  const rowH = compact ? COMPACT_ROW_H : ROW_H;
  const plotW = width - labelW - valueW;
  const TOP = aggregate ? 44 : 12; // room for the line labels
  const x = (v) => labelW + ((Number(v) - min) / (max - min)) * plotW;
  const height = TOP + rows.length * rowH + BOTTOM;
  const plotBottom = TOP + rows.length * rowH;
  const unit = indicator.unit;
  // Where a row's name and bar sit within the row.
  const label = compact ? { x: 2, dy: 13, anchor: 'start' } : { x: LABEL_W - 8, dy: ROW_H / 2 + 4, anchor: 'end' };
  const bar = compact ? { top: 18, height: 18 } : { top: 4, height: ROW_H - 8 };

  const ticks = niceTicks(min, max).map((v) => svg('g', { class: 'tick' },
    svg('line', { x1: x(v), x2: x(v), y1: TOP - 4, y2: plotBottom, class: v === 0 ? 'axis-zero' : 'grid' }),
    svg('text', { x: x(v), y: plotBottom + 16, 'text-anchor': 'middle' }, num(v))));

  const bars = rows.map((r, i) => {
    const y = TOP + i * rowH;
    const a = attainment(r.attained, r.target, r.value);
    const has = r.value != null;
    const x0 = x(0);
    const x1 = has ? x(r.value) : x0;
    const ownTarget = r.target && r.target.comparator !== 'info' && r.target.value != null
      && (!unitTarget || Number(r.target.value) !== Number(unitTarget.value));
    return svg('g', { class: `bar bar-${a.state}`, 'data-unit': r.unit, 'data-rank': r.rank ?? '', 'data-value': r.value ?? '' },
      svg('title', null, `${r.name}: ${qty(r.value, unit)} — ${a.text}; ${t('target')} ${targetText(r.target, unit)}`),
      svg('text', { x: label.x, y: y + label.dy, 'text-anchor': label.anchor, class: 'bar-label' },
        `${r.rank ?? '–'}. ${r.name}`),
      has ? svg('rect', { x: Math.min(x0, x1), y: y + bar.top, width: Math.max(1, Math.abs(x1 - x0)), height: bar.height, rx: 2 }) : null,
      ownTarget ? svg('line', { class: 'own-target', x1: x(r.target.value), x2: x(r.target.value), y1: y + bar.top - 3, y2: y + bar.top + bar.height + 3 }) : null,
      svg('text', { x: Math.max(x0, x1) + 6, y: y + bar.top + bar.height / 2 + 4, class: 'bar-value' },
        has ? `${qty(r.value, unit)} ${a.symbol}` : `— ${t('noData')}`));
  });

  const lines = [];
  if (unitTarget && unitTarget.value != null) {
    const tx = x(unitTarget.value);
    lines.push(svg('g', { class: 'target-line', 'data-testid': 'chart-target' },
      svg('line', { x1: tx, x2: tx, y1: 16, y2: plotBottom }),
      svg('text', { x: tx, y: 12, 'text-anchor': anchorAt(tx, width, valueW) }, `${t('target')} ${targetText(unitTarget, unit)}`)));
  }
  if (aggregate?.value != null) {
    const ax = x(aggregate.value);
    lines.push(svg('g', { class: 'aggregate-line', 'data-testid': 'chart-aggregate' },
      svg('line', { x1: ax, x2: ax, y1: 30, y2: plotBottom }),
      svg('text', { x: ax, y: 26, 'text-anchor': anchorAt(ax, width, valueW) },
        t('aggregateOf', { name: unitName, value: qty(aggregate.value, unit) }))));
  }

  return svg('svg', {
    ...frame('', width, height, compact), role: 'img', 'aria-labelledby': 'chart-title chart-desc',
    'data-testid': 'comparison-chart', preserveAspectRatio: 'xMinYMin meet',
  },
  svg('title', { id: 'chart-title' }, title),
  svg('desc', { id: 'chart-desc' }, t('chartDesc')),
  ticks, bars, lines);
}

/** A chart's sizes: wide (scaled to its box) and, where they differ, compact (one unit a pixel). */
const TREND = { width: 760, height: 280, left: 78, right: 24, top: 16, bottom: 34, compactHeight: 220, compactLeft: 58 };
/** Room a month's name needs (CSS pixels) to be written under every month. */
const TREND_MONTH_ROOM = 30;

/** A point's month (0–11) from its period id, 202303 → 2. */
const monthIndex = (period) => Number(String(period).slice(4, 6)) - 1;

/** Runs of consecutive months that have a value: a month without one breaks the line. */
function runs(points) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (p.value == null) {
      if (run.length) out.push(run);
      run = [];
    } else {
      run.push(p);
    }
  }
  if (run.length) out.push(run);
  return out;
}

/**
 * An indicator month by month, two years on one axis: `current` (solid) and `previous` (dashed), each the
 * series answer [{period, value, …}] for January to December of its year.
 */
export function trendChart({ current, previous, year, indicator, title, boxWidth = 0 }) {
  const values = [...current, ...previous].map((p) => p.value).filter((v) => v != null).map(Number);
  let min = values.length ? Math.min(...values) : 0;
  let max = values.length ? Math.max(...values) : 1;
  if (max === min) {
    const spread = Math.abs(max) * 0.1 || 1;
    min -= spread;
    max += spread;
  }
  const pad = (max - min) * 0.08;
  min = min >= 0 && min - pad < 0 ? 0 : min - pad;
  max += pad;
  const { compact, width, height, left, plotW, plotBottom } = plotArea(boxWidth, TREND);
  const x = (month) => left + (month / 11) * plotW;
  const y = (v) => TREND.top + ((max - Number(v)) / (max - min)) * (plotBottom - TREND.top);
  const unit = indicator.unit;

  const grid = niceTicks(min, max).map((v) => svg('g', { class: 'tick' },
    svg('line', { x1: left, x2: width - TREND.right, y1: y(v), y2: y(v), class: v === 0 ? 'axis-zero' : 'grid' }),
    svg('text', { x: left - 6, y: y(v) + 4, 'text-anchor': 'end' }, num(v))));
  // Every month where there is room for its name, else every other one (January, March, …).
  const every = plotW / 11 < TREND_MONTH_ROOM ? 2 : 1;
  const months = Array.from({ length: 12 }, (_, m) => (m % every === 0
    ? svg('text', { class: 'month', x: x(m), y: plotBottom + 18, 'text-anchor': 'middle' }, t('monthShort', { n: m + 1 }))
    : null));

  const line = (points, seriesYear, role) => svg('g', { class: `series series-${role}`, 'data-year': seriesYear, 'data-testid': `trend-${role}` },
    runs(points).map((run) => (run.length > 1
      ? svg('path', { d: run.map((p, i) => `${i ? 'L' : 'M'}${x(monthIndex(p.period)).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ') })
      : null)),
    points.filter((p) => p.value != null).map((p) => svg('circle', {
      cx: x(monthIndex(p.period)), cy: y(p.value), r: 3.5, 'data-period': p.period, 'data-value': p.value,
    }, svg('title', null, `${t('monthShort', { n: monthIndex(p.period) + 1 })}/${seriesYear}: ${qty(p.value, unit)}`))));

  return svg('svg', {
    ...frame('trend', width, height, compact), role: 'img', 'aria-labelledby': 'trend-title trend-desc',
    'data-testid': 'trend-chart', 'data-indicator': indicator.code, preserveAspectRatio: 'xMinYMin meet',
  },
  svg('title', { id: 'trend-title' }, title),
  svg('desc', { id: 'trend-desc' }, t('trendChartDesc', { year, previous: year - 1 })),
  grid, months,
  line(previous, year - 1, 'previous'),
  line(current, year, 'current'),
  values.length ? null : svg('text', { x: left + plotW / 2, y: (TREND.top + plotBottom) / 2, 'text-anchor': 'middle', class: 'empty' }, t('noData')));
}
