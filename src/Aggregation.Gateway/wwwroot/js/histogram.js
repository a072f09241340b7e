// How an indicator's values are spread over the units of a level under a scope: the distribution answer's bars
// (GET /api/indicators/{i}/{p}/distribution) as a histogram in plain SVG, the median as a dashed line and one unit
// marked with a solid one. Drawn like chart.js: 760 wide and scaled to its box, or at the box's own width on a phone.
import { svg } from './dom.js';
import { t } from './i18n.js';
import { num, qty } from './format.js';
import { plotArea, frame, anchorAt, niceTicks } from './chart.js';

// The top leaves room for the two lines' labels.
const SIZE = { width: 760, height: 280, left: 52, right: 18, top: 44, bottom: 34, compactHeight: 240, compactLeft: 40 };
/** Room a value label on the axis needs (CSS pixels). */
const TICK_ROOM = 76;
/** Room a line's label keeps from the edges before it is anchored at its end. */
const LABEL_ZONE = 140;

/** The value range drawn: the bars' own, widened around a single value so it has a width. */
function range(bins) {
  let lo = Number(bins[0].from);
  let hi = Number(bins.at(-1).to);
  if (hi === lo) {
    const spread = Math.abs(lo) * 0.1 || 1;
    lo -= spread;
    hi += spread;
  }
  return [lo, hi];
}

/** The bar a value falls in: from ≤ value < to, the last bar including its end. */
export function binOf(bins, value) {
  if (value == null) return -1;
  const v = Number(value);
  return bins.findIndex((b, i) => v >= Number(b.from) && (v < Number(b.to) || (i === bins.length - 1 && v <= Number(b.to))));
}

/**
 * distribution: the API's answer; indicator: the catalogue entry; marked: {unit, name, value} or null;
 * title: the chart's accessible name.
 */
export function histogram({ distribution, indicator, marked, title, boxWidth = 0 }) {
  const bins = distribution.bins;
  const { compact, width, height, left, plotW, plotBottom } = plotArea(boxWidth, SIZE);
  const unit = indicator.unit;
  const parts = [];
  if (bins.length === 0) {
    parts.push(svg('text', { x: left + plotW / 2, y: (SIZE.top + plotBottom) / 2, 'text-anchor': 'middle', class: 'empty' }, t('distributionEmpty')));
  } else {
    const [lo, hi] = range(bins);
    const most = Math.max(1, ...bins.map((b) => b.count));
    const x = (v) => left + ((Number(v) - lo) / (hi - lo)) * plotW;
    const y = (count) => plotBottom - (count / most) * (plotBottom - SIZE.top);
    const counts = niceTicks(0, most, Math.min(5, most)).filter((c) => Number.isInteger(c));
    parts.push(counts.map((c) => svg('g', { class: 'tick' },
      svg('line', { x1: left, x2: width - SIZE.right, y1: y(c), y2: y(c), class: c === 0 ? 'axis-zero' : 'grid' }),
      svg('text', { x: left - 6, y: y(c) + 4, 'text-anchor': 'end' }, num(c)))));
    const values = niceTicks(lo, hi, Math.max(2, Math.min(6, Math.floor(plotW / TICK_ROOM)))).filter((v) => v >= lo && v <= hi);
    parts.push(values.map((v) => svg('text', { class: 'tick axis-value', x: x(v), y: plotBottom + 18, 'text-anchor': anchorAt(x(v), width, TICK_ROOM) }, num(v))));
    const markedBin = marked ? binOf(bins, marked.value) : -1;
    parts.push(bins.map((b, i) => {
      const x0 = x(b.from);
      const x1 = Math.max(x(b.to), x0 + 4);
      return svg('g', {
        class: `bin${i === markedBin ? ' bin-marked' : ''}`, 'data-from': b.from, 'data-to': b.to, 'data-count': b.count,
      },
      svg('title', null, t('binTitle', { from: qty(b.from, unit), to: qty(b.to, unit), count: num(b.count) })),
      b.count > 0 ? svg('rect', { x: x0 + 1, y: y(b.count), width: Math.max(1, x1 - x0 - 2), height: plotBottom - y(b.count) }) : null);
    }));
    if (distribution.median != null) {
      const mx = x(distribution.median);
      parts.push(svg('g', { class: 'median-line', 'data-testid': 'histogram-median' },
        svg('line', { x1: mx, x2: mx, y1: 32, y2: plotBottom }),
        svg('text', { x: mx, y: 28, 'text-anchor': anchorAt(mx, width, LABEL_ZONE) }, t('medianOf', { value: qty(distribution.median, unit) }))));
    }
    if (marked && marked.value != null) {
      const ux = x(marked.value);
      parts.push(svg('g', { class: 'marked-line', 'data-testid': 'histogram-marked', 'data-unit': marked.unit, 'data-value': marked.value },
        svg('line', { x1: ux, x2: ux, y1: 16, y2: plotBottom }),
        svg('text', { x: ux, y: 12, 'text-anchor': anchorAt(ux, width, LABEL_ZONE) }, `${marked.name}: ${qty(marked.value, unit)}`)));
    }
  }
  return svg('svg', {
    ...frame('histogram', width, height, compact), role: 'img', 'aria-labelledby': 'histogram-title histogram-desc',
    'data-testid': 'histogram', 'data-indicator': indicator.code, preserveAspectRatio: 'xMinYMin meet',
  },
  svg('title', { id: 'histogram-title' }, title),
  svg('desc', { id: 'histogram-desc' }, t('distributionDesc')),
  parts);
}
