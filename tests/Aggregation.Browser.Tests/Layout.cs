using Microsoft.Playwright;

namespace Aggregation.Browser.Tests;

/// <summary>
/// Whether a page as drawn fits its screen, for any view on any viewport, in one call: <c>await Layout.Check(page)</c>
/// once the view shows what the test waits for. It fails when
/// <list type="bullet">
/// <item>the page scrolls sideways, or a visible element reaches past the right edge of the screen other than inside a
/// box that scrolls sideways on its own (a wide table in its <c>.scroll</c> box), or such a box does;</item>
/// <item>an open dialog does not fit on the screen;</item>
/// <item>a chart's text is drawn smaller than <see cref="MinimumChartText"/> pixels (its font size times the SVG's scale);</item>
/// <item>a table wider than its scrolling box, scrolled fully right, no longer shows the unit's column in full and on
/// top in every row (the column of the rows' headers, after a ranking's rank; else the first).</item>
/// </list>
/// </summary>
public static class Layout
{
    /// <summary>The smallest chart text, in CSS pixels as drawn.</summary>
    public const double MinimumChartText = 11;

    /// <summary>Fails on any of the problems above; answers the tables (by data-testid) that were wider than their box and scrolled.</summary>
    public static async Task<IReadOnlyList<string>> Check(IPage page)
    {
        var found = await page.EvaluateAsync<Found>(Script, MinimumChartText);
        Assert.True(found.Problems.Length == 0,
            $"{page.Url} at {page.ViewportSize?.Width}×{page.ViewportSize?.Height}:{Environment.NewLine}{string.Join(Environment.NewLine, found.Problems)}");
        return found.Scrolled;
    }

    private sealed class Found
    {
        public string[] Problems { get; set; } = [];

        public string[] Scrolled { get; set; } = [];
    }

    /// <summary>Every scrolling box with a table wider than itself, scrolled to its right end (and back) to see the pinned column.</summary>
    private const string Script = """
        async (minimumText) => {
          const problems = [];
          const scrolled = [];
          const [startX, startY] = [window.scrollX, window.scrollY];
          const root = document.documentElement;
          const width = root.clientWidth;
          const name = (el) => {
            const id = el.id ? `#${el.id}` : '';
            const testid = el.dataset?.testid ? `[data-testid=${el.dataset.testid}]` : '';
            const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
            const text = (el.textContent ?? '').trim().slice(0, 40);
            return `<${el.tagName.toLowerCase()}${id}${testid}${cls}> "${text}"`;
          };
          const scrollsSideways = (el) => ['auto', 'scroll', 'hidden'].includes(getComputedStyle(el).overflowX);
          const shown = (el) => {
            const r = el.getBoundingClientRect();
            if (r.width <= 1 || r.height <= 1) return false; // screen-reader-only text
            return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
          };

          if (root.scrollWidth > width) problems.push(`the page scrolls sideways: ${root.scrollWidth} px wide on a ${width} px screen`);
          for (const el of document.body.querySelectorAll('*')) {
            if (!shown(el)) continue;
            const r = el.getBoundingClientRect();
            const right = r.right + window.scrollX;
            if (right <= width + 0.5) continue;
            let box = el.parentElement;
            while (box && box !== document.body && !scrollsSideways(box)) box = box.parentElement;
            if (box && box !== document.body) continue; // inside a box that scrolls on its own; the box is checked itself
            problems.push(`${name(el)} reaches ${Math.round(right)} px on a ${width} px screen`);
          }

          for (const dialog of document.querySelectorAll('dialog[open]')) {
            const r = dialog.getBoundingClientRect();
            if (r.left < 0 || r.top < 0 || r.right > width || r.bottom > window.innerHeight) {
              problems.push(`${name(dialog)} does not fit: ${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} on ${width}×${window.innerHeight}`);
            }
          }

          for (const text of document.querySelectorAll('svg text')) {
            if (!shown(text)) continue;
            const scale = text.getScreenCTM()?.a ?? 1;
            const size = parseFloat(getComputedStyle(text).fontSize) * scale;
            if (size < minimumText) problems.push(`chart text ${name(text)} is drawn at ${size.toFixed(1)} px`);
          }

          for (const table of document.querySelectorAll('table')) {
            if (!shown(table)) continue;
            let box = table.parentElement;
            while (box && box !== document.body && !scrollsSideways(box)) box = box.parentElement;
            if (!box || box === document.body || box.scrollWidth <= box.clientWidth + 1) continue;
            scrolled.push(table.dataset.testid ?? '');
            const before = box.scrollLeft;
            box.scrollLeft = box.scrollWidth;
            await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
            const edge = box.getBoundingClientRect();
            const inner = edge.left + box.clientLeft;
            // The unit's column: the one holding the rows' headers (after a ranking's rank), else the first.
            const header = table.tBodies[0]?.querySelector(':scope > tr > th[scope=row]');
            const column = header ? header.cellIndex : 0;
            for (const row of table.rows) {
              const cell = row.cells[column];
              if (!cell || !shown(cell)) continue;
              let r = cell.getBoundingClientRect();
              if (r.top < 0 || r.bottom > window.innerHeight) {
                window.scrollBy(0, r.top - window.innerHeight / 2);
                r = cell.getBoundingClientRect();
              }
              if (r.left < inner - 1 || r.right > inner + box.clientWidth + 1) {
                problems.push(`${name(table)} scrolled right: ${name(cell)} is out of its box (${Math.round(r.left)}–${Math.round(r.right)}, box from ${Math.round(inner)})`);
                continue;
              }
              const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8), r.top + r.height / 2);
              if (hit && !cell.contains(hit)) problems.push(`${name(table)} scrolled right: ${name(cell)} is covered by ${name(hit)}`);
            }
            box.scrollLeft = before;
          }
          window.scrollTo(startX, startY);
          return { problems, scrolled };
        }
        """;
}
