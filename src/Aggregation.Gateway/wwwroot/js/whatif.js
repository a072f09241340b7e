// What-if: build overrides on chosen leaves and elements, compare baseline and scenario, goal seek, save.
import { api, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, elements, indicators, nameOf, findIndicator, reasonText, problemText } from './i18n.js';
import { num, qty, signed, target as targetText, dateTime, parseNumber } from './format.js';
import { badge, errorBox, describeError, fieldLabel } from './ui.js';

const KINDS = ['set', 'scale', 'delta', 'growth'];
const DEFAULT_GOAL = 'poverty_rate';

export function mount(root, ctx, saved) {
  const { unit, period } = ctx;
  const candidates = unit.isLeaf ? [unit] : unit.children;
  const unitName = (code) => (code === unit.code ? unit.name : candidates.find((c) => c.code === code)?.name ?? t('unknownUnit', { code }));
  let overrides = saved?.overrides ?? [];
  let targets = {};
  let detail = saved?.detail ?? DEFAULT_GOAL;
  let lastResult = saved?.result ?? null;

  // 1. The builder: which units, which elements, what change.
  const unitBoxes = candidates.map((c) => h('input', { type: 'checkbox', value: c.code, id: `wi-unit-${c.code}`, 'data-testid': `whatif-unit-${c.code}` }));
  const elementBoxes = elements().map((e) => h('input', { type: 'checkbox', value: e.code, id: `wi-el-${e.code}`, 'data-testid': `whatif-element-${e.code}` }));
  const kind = h('select', { id: 'wi-kind', 'data-testid': 'whatif-kind' }, KINDS.map((k) => h('option', { value: k }, t(`kind_${k}`))));
  const amount = h('input', { id: 'wi-amount', type: 'text', inputmode: 'decimal', required: true, size: 10, 'data-testid': 'whatif-amount' });
  const builderError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'whatif-builder-error' });
  const setAll = (boxes, on) => boxes.forEach((b) => { b.checked = on; });

  const builder = h('form', { class: 'panel builder', 'data-testid': 'whatif-builder', novalidate: true },
    h('fieldset', null, h('legend', null, t('whatIfUnits')),
      h('p', { class: 'small muted' }, t('whatIfUnitsHint')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => setAll(unitBoxes, true) }, t('whatIfAll')),
        h('button', { type: 'button', onclick: () => setAll(unitBoxes, false) }, t('whatIfNone'))),
      h('div', { class: 'checks' }, candidates.map((c, i) => h('label', { for: unitBoxes[i].id }, unitBoxes[i], ` ${c.name}`)))),
    h('fieldset', null, h('legend', null, t('whatIfElements')),
      h('div', { class: 'checks' }, elements().map((e, i) => h('label', { for: elementBoxes[i].id }, elementBoxes[i], ` ${nameOf(e.code)}`)))),
    h('div', { class: 'inline' },
      h('label', { for: 'wi-kind' }, t('whatIfKind')), kind,
      h('label', { for: 'wi-amount' }, t('whatIfAmount')), amount,
      h('button', { type: 'submit', 'data-testid': 'whatif-add' }, t('whatIfAdd'))),
    builderError);
  builder.addEventListener('submit', (event) => {
    event.preventDefault();
    const units = unitBoxes.filter((b) => b.checked).map((b) => b.value);
    const chosen = elementBoxes.filter((b) => b.checked).map((b) => b.value);
    const value = parseNumber(amount.value);
    builderError.textContent = units.length === 0 ? t('whatIfPickUnit')
      : chosen.length === 0 ? t('whatIfPickElement')
        : typeof value !== 'number' ? t('whatIfBadAmount') : '';
    if (builderError.textContent) return;
    for (const u of units) for (const e of chosen) overrides.push({ unit: u, element: e, kind: kind.value, amount: value });
    renderOverrides();
  });

  // 2. The scenario's overrides and the evaluation.
  const overridesBox = h('div', { 'data-testid': 'whatif-overrides' });
  const runButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'whatif-run', onclick: () => run() }, t('whatIfRun'));
  const resultBox = h('div', { role: 'status', 'aria-live': 'polite' });

  const describe = (o) => t(`overrideText_${o.kind}`, {
    element: nameOf(o.element), unit: unitName(o.unit),
    amount: num(o.kind === 'delta' ? Math.abs(o.amount) : o.amount, 6), sign: o.amount < 0 ? '−' : '+',
  });

  function renderOverrides(errors = []) {
    if (overrides.length === 0) {
      fill(overridesBox, h('p', { class: 'muted' }, t('whatIfNoOverrides')));
      return;
    }
    fill(overridesBox,
      h('ol', { class: 'overrides' }, overrides.map((o, i) => {
        const problems = errors.filter((e) => e.field === `overrides[${i}]` || e.field.startsWith(`overrides[${i}].`));
        return h('li', { 'data-testid': 'whatif-override' }, describe(o), ' ',
          h('button', { type: 'button', class: 'linkish', onclick: () => { overrides.splice(i, 1); renderOverrides(); } }, t('whatIfRemove')),
          problems.length ? h('p', { class: 'field-error' }, `✗ ${problems.map((e) => problemText(e)).join('; ')}`) : null);
      })),
      h('button', { type: 'button', onclick: () => { overrides = []; renderOverrides(); } }, t('whatIfClear')));
  }

  const body = () => ({ unit: unit.code, period, overrides: overrides.map((o) => ({ unit: o.unit, element: o.element, [o.kind]: o.amount })) });

  async function run() {
    runButton.disabled = true;
    fill(resultBox, h('p', { class: 'muted' }, t('whatIfRunning')));
    try {
      lastResult = await api.whatIf(body());
      renderOverrides();
      renderResult(lastResult);
    } catch (e) {
      renderOverrides(e instanceof ApiError ? e.fieldErrors : []);
      fill(resultBox, errorBox(e, 'whatif-error'));
    } finally {
      runButton.disabled = false;
    }
  }

  function attainmentCell(v, goal) {
    const change = v.attainedBaseline !== v.attainedScenario && v.attainedScenario != null;
    return h('td', { class: change ? 'changed' : null },
      badge(v.attainedBaseline, goal, v.baseline), ' → ', badge(v.attainedScenario, goal, v.scenario),
      change ? h('strong', { class: 'change-note' }, ` (${t(v.attainedScenario ? 'becomesAttained' : 'becomesNotAttained')})`) : null);
  }

  function renderResult(result) {
    const detailSelect = h('select', { id: 'wi-detail', 'data-testid': 'whatif-detail' },
      indicators().map((i) => h('option', { value: i.code, selected: i.code === detail }, nameOf(i.code))));
    const childBox = h('div', { class: 'scroll' });
    const renderChildren = () => {
      const def = findIndicator(detail);
      fill(childBox, h('table', { class: 'table', 'data-testid': 'whatif-children' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('childName')), h('th', { scope: 'col', class: 'num' }, t('baseline')),
          h('th', { scope: 'col', class: 'num' }, t('scenario')), h('th', { scope: 'col', class: 'num' }, t('delta')), h('th', { scope: 'col' }, t('attainment')))),
        h('tbody', null, result.children.map((c) => {
          const v = c.indicators[detail] ?? {};
          return h('tr', { 'data-unit': c.unit, class: result.changedLeaves.includes(c.unit) ? 'touched' : null },
            h('th', { scope: 'row' }, c.name),
            h('td', { class: 'num' }, qty(v.baseline, def.unit)), h('td', { class: 'num' }, qty(v.scenario, def.unit)),
            h('td', { class: 'num' }, signed(v.delta, def.unit)), attainmentCell(v, null));
        }))));
    };
    detailSelect.addEventListener('change', () => { detail = detailSelect.value; renderChildren(); });
    renderChildren();
    fill(resultBox, h('section', { class: 'panel', 'data-testid': 'whatif-result', 'aria-labelledby': 'wi-result-heading' },
      h('h2', { id: 'wi-result-heading' }, t('whatIfResult')),
      h('p', { class: 'muted' }, t('whatIfChanged', { count: num(result.changedLeaves.length) })),
      h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'whatif-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, t('indicator')), h('th', { scope: 'col' }, t('target')),
          h('th', { scope: 'col', class: 'num' }, t('baseline')), h('th', { scope: 'col', class: 'num' }, t('scenario')),
          h('th', { scope: 'col', class: 'num' }, t('delta')), h('th', { scope: 'col' }, t('attainment')))),
        h('tbody', null, indicators().map((i) => {
          const v = result.indicators[i.code] ?? {};
          const moved = v.delta != null && Number(v.delta) !== 0;
          return h('tr', { 'data-indicator': i.code, 'data-baseline': v.baseline ?? '', 'data-scenario': v.scenario ?? '', class: moved ? 'moved' : null },
            h('th', { scope: 'row' }, nameOf(i.code)),
            h('td', null, targetText(targets[i.code], i.unit)),
            h('td', { class: 'num' }, qty(v.baseline, i.unit)),
            h('td', { class: 'num', 'data-testid': 'whatif-scenario-value' }, qty(v.scenario, i.unit)),
            h('td', { class: 'num' }, signed(v.delta, i.unit)),
            attainmentCell(v, targets[i.code]));
        })))),
      h('h3', null, t('whatIfChildren')),
      h('div', { class: 'toolbar' }, h('label', { for: 'wi-detail' }, t('indicator')), detailSelect),
      childBox));
  }

  // 3. Goal seek.
  const goalIndicator = h('select', { id: 'gs-indicator', 'data-testid': 'goalseek-indicator' },
    indicators().filter((i) => i.direction !== 'info').map((i) => h('option', { value: i.code, selected: i.code === DEFAULT_GOAL }, nameOf(i.code))));
  const goalTarget = h('input', { id: 'gs-target', type: 'text', inputmode: 'decimal', size: 10, 'data-testid': 'goalseek-target' });
  const goalElement = h('select', { id: 'gs-element', 'data-testid': 'goalseek-element' }, elements().map((e) => h('option', { value: e.code }, nameOf(e.code))));
  const goalMode = h('select', { id: 'gs-mode', 'data-testid': 'goalseek-mode' }, ['scale', 'growth'].map((m) => h('option', { value: m }, t(`mode_${m}`))));
  const leverAll = h('input', { type: 'radio', name: 'gs-lever', id: 'gs-lever-all', value: 'all', checked: true });
  const leverSelected = h('input', { type: 'radio', name: 'gs-lever', id: 'gs-lever-selected', value: 'selected' });
  const goalResult = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'goalseek-result' });
  const syncGoal = () => {
    const def = findIndicator(goalIndicator.value);
    const firstInput = def.inputs?.find((x) => x.periodOffset === 0)?.element;
    if (firstInput) goalElement.value = firstInput;
    const goal = targets[goalIndicator.value];
    goalTarget.value = goal?.value != null ? num(goal.value, 6).replace(/\s/g, '') : '';
  };
  goalIndicator.addEventListener('change', syncGoal);

  const goalForm = h('form', { class: 'panel', 'data-testid': 'goalseek-form', novalidate: true, 'aria-labelledby': 'gs-heading' },
    h('h2', { id: 'gs-heading' }, t('goalSeekTitle')),
    h('p', { class: 'muted small' }, t('goalSeekIntro', { name: unit.name })),
    h('div', { class: 'grid-form' },
      h('label', { for: 'gs-indicator' }, t('indicator')), goalIndicator,
      h('label', { for: 'gs-target' }, t('goalSeekTarget')), goalTarget,
      h('label', { for: 'gs-element' }, t('goalSeekElement')), goalElement,
      h('label', { for: 'gs-mode' }, t('goalSeekMode')), goalMode),
    h('fieldset', null, h('legend', null, t('goalSeekLever')),
      h('label', { for: 'gs-lever-all' }, leverAll, ` ${t('goalSeekLeverAll', { name: unit.name })}`),
      h('label', { for: 'gs-lever-selected' }, leverSelected, ` ${t('goalSeekLeverSelected')}`)),
    h('button', { type: 'submit', 'data-testid': 'goalseek-run' }, t('goalSeekRun')),
    goalResult);
  goalForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = parseNumber(goalTarget.value);
    const selected = unitBoxes.filter((b) => b.checked).map((b) => b.value);
    if (typeof value !== 'number') {
      fill(goalResult, h('p', { class: 'field-error' }, t('whatIfBadAmount')));
      return;
    }
    if (leverSelected.checked && selected.length === 0) {
      fill(goalResult, h('p', { class: 'field-error' }, t('whatIfPickUnit')));
      return;
    }
    const lever = { element: goalElement.value, mode: goalMode.value, ...(leverSelected.checked ? { units: selected } : { under: unit.code }) };
    const def = findIndicator(goalIndicator.value);
    try {
      const r = await api.goalSeek({ unit: unit.code, period, indicator: goalIndicator.value, target: value, lever });
      const leverText = r.factor != null ? t('goalSeekFactor', { factor: num(r.factor, 4) }) : t('goalSeekGrowth', { growth: num(r.growth, 2) });
      const apply = () => {
        for (const u of lever.units ?? [lever.under]) {
          overrides.push(r.factor != null
            ? { unit: u, element: lever.element, kind: 'scale', amount: Number(r.factor) }
            : { unit: u, element: lever.element, kind: 'growth', amount: Number(r.growth) });
        }
        renderOverrides();
      };
      fill(goalResult, h('div', { class: `alert ${r.reachable ? 'alert-ok' : 'alert-warning'}`, 'data-reachable': String(r.reachable) },
        h('p', null, (r.reachable ? '✓ ' : '✗ ') + t(r.reachable ? 'goalSeekReachable' : 'goalSeekUnreachable', {
          lever: leverText, value: qty(r.value, def.unit), baseline: qty(r.baseline, def.unit),
        })),
        // Not being monotone has a line of its own; any other reason is said as the API coded it.
        r.reason && r.reasonCode !== 'not_monotone' ? h('p', { class: 'small', 'data-code': r.reasonCode }, reasonText(r)) : null,
        r.monotone === false ? h('p', { class: 'small' }, t('goalSeekNotMonotone')) : null,
        h('button', { type: 'button', 'data-testid': 'goalseek-apply', onclick: apply }, t('goalSeekApply'))));
    } catch (e) {
      fill(goalResult, errorBox(e, 'goalseek-error'));
    }
  });

  // 4. Saved scenarios.
  const nameInput = h('input', { id: 'sc-name', type: 'text', maxlength: 200, 'data-testid': 'scenario-name' });
  const saveMessage = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'scenario-message' });
  const savedList = h('div', { 'data-testid': 'saved-scenarios' });
  const saveForm = h('form', { class: 'panel', novalidate: true, 'aria-labelledby': 'sc-heading' },
    h('h2', { id: 'sc-heading' }, t('saveTitle')),
    h('div', { class: 'inline' }, h('label', { for: 'sc-name' }, t('saveName')), nameInput,
      h('button', { type: 'submit', 'data-testid': 'scenario-save' }, t('save'))),
    saveMessage,
    h('h3', null, t('savedList', { name: unit.name, period })),
    savedList);
  saveForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (overrides.length === 0) {
      fill(saveMessage, h('p', { class: 'field-error' }, t('saveNeedsOverrides')));
      return;
    }
    try {
      const s = await api.saveScenario({ name: nameInput.value, ...body() });
      fill(saveMessage, h('p', { class: 'alert alert-ok', 'data-scenario': s.id }, `✓ ${t('saved', { name: s.name, id: s.id })}`));
      await listSaved();
    } catch (e) {
      fill(saveMessage, h('p', { class: 'alert alert-error', role: 'alert' }, describeError(e)));
    }
  });

  async function listSaved() {
    try {
      const all = (await api.scenarios()).filter((s) => s.unit === unit.code && s.period === period);
      if (all.length === 0) {
        fill(savedList, h('p', { class: 'muted' }, t('savedNone')));
        return;
      }
      fill(savedList, h('ul', { class: 'link-list' }, all.map((s) => h('li', { 'data-scenario': s.id },
        h('strong', null, s.name), ` · ${t('overrideCount', { count: num(s.overrides.length) })} · ${dateTime(s.updatedAt)} `,
        h('button', { type: 'button', onclick: () => open(s) }, t('load')), ' ',
        h('button', { type: 'button', onclick: () => remove(s) }, t('remove'))))));
    } catch (e) {
      fill(savedList, errorBox(e));
    }
  }

  async function open(s) {
    overrides = s.overrides.map((o) => {
      const k = KINDS.find((x) => o[x] != null);
      return { unit: o.unit, element: o.element, kind: k, amount: Number(o[k]) };
    });
    nameInput.value = s.name;
    renderOverrides();
    try {
      lastResult = await api.scenarioResult(s.id);
      renderResult(lastResult);
    } catch (e) {
      fill(resultBox, errorBox(e, 'whatif-error'));
    }
  }

  async function remove(s) {
    try {
      await api.deleteScenario(s.id);
    } catch (e) {
      fill(saveMessage, h('p', { class: 'alert alert-error', role: 'alert' }, describeError(e)));
    }
    await listSaved();
  }

  fill(root,
    h('header', { class: 'view-head' }, h('h1', null, t('whatIfTitle', { name: unit.name, period })),
      h('p', { class: 'muted' }, t('whatIfIntro'))),
    h('div', { class: 'two-col' },
      h('div', null, builder,
        h('section', { class: 'panel', 'aria-labelledby': 'wi-list-heading' },
          h('h2', { id: 'wi-list-heading' }, t('whatIfOverrides')), overridesBox, h('div', { class: 'actions' }, runButton))),
      // A saved scenario is kept on the period's own tree: a restated view saves none.
      h('div', null, goalForm, ctx.restated ? null : saveForm)),
    resultBox);
  renderOverrides();
  if (lastResult) renderResult(lastResult);
  if (!ctx.restated) listSaved();
  api.indicators(unit.code, period).then((data) => {
    targets = Object.fromEntries(Object.entries(data.indicators).map(([code, v]) => [code, v.target]));
    syncGoal();
    if (lastResult) renderResult(lastResult);
  }).catch((e) => fill(goalResult, errorBox(e)));

  return { snapshot: () => ({ overrides, detail, result: lastResult }) };
}
