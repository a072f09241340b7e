// A commune's page: the report form for a period, the version history and progress on the year's plan.
import { api, orNull, ApiError } from './api.js';
import { h, fill } from './dom.js';
import { t, elements, indicators, nameOf, unitLabel, noteText, findIndicator, problemText } from './i18n.js';
import { num, qty, target as targetText, dateTime, parseNumber, editable } from './format.js';
import { badge, errorBox, loading, describeError, fieldLabel } from './ui.js';
import * as standing from './standing.js';

export function mount(root, ctx, saved) {
  const { unit, period, href } = ctx;
  if (!unit.isLeaf) {
    fill(root,
      h('h1', null, t('reportTitle', { period })),
      h('p', { class: 'alert' }, t('reportNotLeaf')),
      h('ul', { class: 'link-list' }, unit.children.map((c) =>
        h('li', null, h('a', { href: href(c.isLeaf ? 'report' : 'unit', c.code, period) }, c.name)))));
    return {};
  }
  const year = period.slice(0, 4);
  let loadedVersion = saved?.loadedVersion ?? null;
  let submitting = false;

  const status = h('p', { class: 'muted', 'data-testid': 'report-version' }, t('loading'));
  const approvalBox = h('div', { class: 'approval', 'data-testid': 'approval' });
  let canApprove = false;
  api.me().then((me) => {
    canApprove = me.role === 'approver' || me.role === 'admin';
    shownApproval = '';
    return refreshApproval();
  }).catch(() => {});
  const newer = h('div');
  const result = h('div', { id: 'report-result', role: 'status', 'aria-live': 'polite', 'data-testid': 'report-result' });
  const fields = new Map();
  const form = h('form', { id: 'report-form', class: 'report-form', 'data-testid': 'report-form', novalidate: true },
    h('p', { class: 'muted small', id: 'report-hint' }, t('reportHint')),
    h('div', { class: 'fields' }, elements().map((e) => {
      const input = h('input', {
        id: `el-${e.code}`, name: e.code, type: 'text', inputmode: 'decimal', autocomplete: 'off', disabled: true, // until loaded
        'aria-describedby': `unit-${e.code} err-${e.code} warn-${e.code}`, 'data-testid': `input-${e.code}`,
      });
      const err = h('p', { id: `err-${e.code}`, class: 'field-error', 'data-testid': `error-${e.code}` });
      const warn = h('p', { id: `warn-${e.code}`, class: 'field-warning', 'data-testid': `warning-${e.code}` });
      fields.set(e.code, { input, err, warn });
      return h('div', { class: 'field', 'data-element': e.code },
        h('label', { for: input.id }, nameOf(e.code)),
        h('span', { id: `unit-${e.code}`, class: 'small muted' }, `${t('elementUnit', { unit: unitLabel(e.unit) })} · ${e.code}`),
        input, err, warn);
    })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', 'data-testid': 'report-submit' }, t('reportSubmit')),
      h('button', { type: 'button', 'data-testid': 'report-reset', onclick: () => reload() }, t('reportReset'))),
    result);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit();
  });

  const historyBox = h('div', { class: 'scroll' }, loading());
  const planBox = h('div', { class: 'scroll' }, loading());
  const error = h('div');
  const standingPanel = h('section', { class: 'panel', 'aria-labelledby': 'standing-heading', 'data-testid': 'standing' });
  fill(root,
    h('header', { class: 'view-head' }, h('h1', null, `${t('reportTitle', { period })} · ${unit.name}`), status, approvalBox, newer),
    error,
    h('section', { class: 'panel', 'aria-labelledby': 'form-heading' }, h('h2', { id: 'form-heading' }, t('reportSubmit')), form),
    h('section', { class: 'panel', 'aria-labelledby': 'plan-heading' }, h('h2', { id: 'plan-heading' }, t('planTitle', { year })), planBox),
    standingPanel,
    h('section', { class: 'panel', 'aria-labelledby': 'history-heading' }, h('h2', { id: 'history-heading' }, t('historyTitle')), historyBox));

  function clearMessages() {
    for (const { input, err, warn } of fields.values()) {
      input.removeAttribute('aria-invalid');
      err.textContent = '';
      warn.textContent = '';
    }
    fill(result);
  }

  /** Fills the form with the latest stored report (only at start, on request, or when restoring typed values). */
  async function load(force) {
    const report = await orNull(api.report(unit.code, period));
    loadedVersion = report?.version ?? 0;
    fill(newer);
    if (force || !saved?.values) {
      for (const [code, { input }] of fields) input.value = editable(report?.values?.[code]);
      if (force) clearMessages();
    } else {
      for (const [code, { input }] of fields) {
        const value = saved.values[code];
        input.value = typeof value === 'number' ? editable(value) : value ?? '';
      }
      loadedVersion = saved.loadedVersion ?? loadedVersion;
    }
    for (const { input } of fields.values()) input.disabled = false;
    renderStatus(report);
  }

  function renderStatus(report) {
    fill(status, report
      ? t('reportCurrent', { version: report.version, at: dateTime(report.submittedAt), by: report.submittedBy })
      : t('reportNone'));
    status.dataset.version = String(report?.version ?? 0);
  }

  function reload() {
    load(true).catch((e) => fill(result, errorBox(e)));
  }

  async function submit() {
    if (submitting) return;
    submitting = true;
    clearMessages();
    fill(result, h('p', { class: 'muted' }, t('reportSaving')));
    const values = {};
    for (const [code, { input }] of fields) {
      const parsed = parseNumber(input.value);
      if (parsed !== undefined) values[code] = parsed; // text that is no number goes as is: the API names the field
    }
    let receipt;
    try {
      receipt = await api.submitReport(unit.code, period, values, loadedVersion);
    } catch (e) {
      showRefusal(e);
      return;
    } finally {
      submitting = false;
    }
    loadedVersion = receipt.version;
    fill(newer);
    showReceipt(receipt);
    // The report is stored; if reading it back fails, the live loop shows it a second later.
    await Promise.all([orNull(api.report(unit.code, period)).then(renderStatus), refresh()]).catch(() => {});
  }

  function showReceipt(receipt) {
    const warnings = receipt.warnings ?? [];
    for (const w of warnings) {
      const field = fields.get(w.element);
      if (field) field.warn.textContent = `⚠ ${noteText(w)}`;
    }
    fill(result, h('div', { class: 'alert alert-ok', 'data-testid': 'report-saved', 'data-version': receipt.version },
      h('p', null, `✓ ${t('reportSaved', { version: receipt.version, at: dateTime(receipt.acceptedAt) })}`),
      warnings.length
        ? h('div', { class: 'alert-warning', 'data-testid': 'report-warnings' }, h('p', null, `⚠ ${t('reportWarnings')}`),
          h('ul', null, warnings.map((w) => h('li', { 'data-code': w.code }, `${w.element ? `${nameOf(w.element)}: ` : ''}${noteText(w)}`))))
        : h('p', { class: 'muted small' }, t('reportNoWarnings'))));
  }

  function showRefusal(e) {
    if (e instanceof ApiError && e.code === 'period_locked') {
      fill(result, h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'report-locked' }, h('p', null, t('reportLocked'))));
      return;
    }
    if (e instanceof ApiError && e.status === 409) {
      fill(result, h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'report-conflict' },
        h('p', null, t('reportConflict', { version: e.currentVersion ?? '?' })),
        h('button', { type: 'button', onclick: () => reload() }, t('reportReload'))));
      return;
    }
    const general = [];
    let first = null;
    const sent = Object.fromEntries([...fields].map(([code, { input }]) => [code, parseNumber(input.value)]));
    const byField = new Map();
    for (const error of e instanceof ApiError ? e.fieldErrors : []) byField.set(error.field, [...(byField.get(error.field) ?? []), error]);
    for (const [key, errors] of byField) {
      const field = fields.get(key);
      const text = errors.map((error) => problemText(error, sent)).join('; ');
      if (field) {
        field.input.setAttribute('aria-invalid', 'true');
        field.err.textContent = `✗ ${text}`;
        first ??= field.input;
      } else {
        general.push(`${fieldLabel(key)}: ${text}`);
      }
    }
    fill(result, h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'report-refused' },
      h('p', null, e instanceof ApiError && e.status === 422 ? t('reportRejected') : describeError(e)),
      general.length ? h('ul', null, general.map((g) => h('li', null, g))) : null));
    first?.focus();
  }

  let shownHistory = '';
  let shownPlan = '';
  let shownApproval = '';

  /** Approval state, and for approver keys the button that changes it (the API enforces order and scope). */
  async function refreshApproval() {
    const approval = await api.approval(unit.code, period);
    const key = JSON.stringify([approval, canApprove]);
    if (key === shownApproval) return;
    shownApproval = key;
    const change = async (action) => {
      try {
        await (action === 'approve' ? api.approve(unit.code, period) : api.unapprove(unit.code, period));
        shownApproval = '';
        await refreshApproval();
      } catch (e) {
        fill(approvalBox, errorBox(e, 'approval-error'));
        shownApproval = '';
      }
    };
    fill(approvalBox,
      h('p', { class: approval.approved ? 'badge badge-ok' : 'muted', 'data-testid': 'approval-state', 'data-approved': String(approval.approved) },
        approval.approved ? t('approvedBy', { by: approval.approvedBy, at: dateTime(approval.approvedAt) }) : t('notApproved')),
      canApprove
        ? h('button', { type: 'button', 'data-testid': approval.approved ? 'unapprove' : 'approve', onclick: () => change(approval.approved ? 'unapprove' : 'approve') },
          approval.approved ? t('unapprove') : t('approve'))
        : null);
  }

  async function refresh() {
    let history;
    let plan;
    let values;
    try {
      [history, plan, values] = await Promise.all([
        api.history(unit.code, period),
        orNull(api.plan(unit.code, year)),
        api.indicators(unit.code, period),
      ]);
    } catch (e) {
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) {
        fill(error, errorBox(e));
        return;
      }
      throw e;
    }
    fill(error);
    await refreshApproval().catch(() => {});
    const latest = history.at(-1)?.version ?? 0;
    if (loadedVersion !== null && latest > loadedVersion && !submitting) {
      fill(newer, h('p', { class: 'alert alert-warning', 'data-testid': 'report-newer' }, t('reportNewer', { version: latest }), ' ',
        h('button', { type: 'button', onclick: () => reload() }, t('reportReload'))));
    }
    const historyKey = JSON.stringify(history);
    if (historyKey !== shownHistory) {
      shownHistory = historyKey;
      renderHistory(historyBox, history);
    }
    const planKey = JSON.stringify([plan, values]);
    if (planKey !== shownPlan) {
      shownPlan = planKey;
      renderPlan(planBox, plan, values, year);
    }
  }

  const standingView = standing.mount(standingPanel, ctx);
  const refreshAll = () => Promise.all([refresh(), standingView.refresh()]);
  load(false).catch((e) => fill(error, errorBox(e)));
  refreshAll().catch((e) => fill(error, errorBox(e)));
  return {
    refresh: refreshAll,
    // Typed figures survive a language switch as numbers, so "1.234,5" becomes "1234.5" and not 1.2345.
    snapshot: () => ({ loadedVersion, values: Object.fromEntries([...fields].map(([code, { input }]) => [code, parseNumber(input.value)])) }),
  };
}

function changes(previous, current) {
  if (!previous) return t('firstVersion', { count: Object.keys(current.values).length });
  const codes = [...new Set([...Object.keys(previous.values), ...Object.keys(current.values)])];
  const diff = codes.filter((c) => previous.values[c] !== current.values[c]).map((c) =>
    `${nameOf(c)}: ${num(previous.values[c], 6)} → ${num(current.values[c], 6)}`);
  return diff.length ? h('ul', { class: 'compact' }, diff.map((d) => h('li', null, d))) : t('noChanges');
}

function renderHistory(el, history) {
  if (history.length === 0) {
    fill(el, h('p', { class: 'muted' }, t('historyEmpty')));
    return;
  }
  const rows = history.map((v, i) => ({ v, previous: history[i - 1] })).reverse();
  fill(el, h('table', { class: 'table', 'data-testid': 'report-history' },
    h('thead', null, h('tr', null,
      h('th', { scope: 'col', class: 'num' }, t('version')), h('th', { scope: 'col' }, t('submittedAt')),
      h('th', { scope: 'col' }, t('submittedBy')), h('th', { scope: 'col' }, t('changes')), h('th', { scope: 'col' }, t('warnings')))),
    h('tbody', null, rows.map(({ v, previous }) => h('tr', { 'data-version': v.version },
      h('td', { class: 'num' }, v.version),
      h('td', null, dateTime(v.submittedAt)),
      h('td', null, v.submittedBy),
      h('td', null, changes(previous, v)),
      h('td', null, (v.warnings ?? []).length
        ? h('ul', { class: 'compact' }, v.warnings.map((w) => h('li', { 'data-code': w.code }, `⚠ ${noteText(w)}`)))
        : '—'))))));
}

function renderPlan(el, plan, values, year) {
  if (!plan) {
    fill(el, h('p', { class: 'muted', 'data-testid': 'plan-none' }, t('planNone', { year })));
    return;
  }
  const rows = indicators().filter((i) => plan.targets[i.code]);
  fill(el,
    plan.warnings?.length
      ? h('div', { class: 'alert alert-warning', 'data-testid': 'plan-warnings' }, h('p', null, `⚠ ${t('planWarnings')}`),
        h('ul', null, plan.warnings.map((w) => h('li', { 'data-code': w.code }, noteText(w)))))
      : null,
    h('table', { class: 'table', 'data-testid': 'plan-progress' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, t('indicator')), h('th', { scope: 'col' }, t('target')),
        h('th', { scope: 'col', class: 'num' }, t('actual')), h('th', { scope: 'col' }, t('progress')), h('th', { scope: 'col' }, t('status')))),
      h('tbody', null, rows.map((i) => {
        const v = values.indicators[i.code] ?? {};
        const goal = plan.targets[i.code];
        const def = findIndicator(i.code);
        const lower = goal.comparator === '>=' || goal.comparator === '>';
        return h('tr', { 'data-indicator': i.code },
          h('th', { scope: 'row' }, nameOf(i.code)),
          h('td', null, targetText(goal, def.unit)),
          h('td', { class: 'num', 'data-value': v.value ?? '' }, qty(v.value, def.unit)),
          h('td', null, lower && v.progress != null
            ? h('div', {
              class: `meter meter-${v.attained ? 'ok' : 'bad'}`, role: 'progressbar', 'aria-label': t('progress'),
              'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.min(100, Math.round(v.progress)), 'aria-valuetext': qty(v.progress, '%', 1),
              title: qty(v.progress, '%', 1),
            }, h('div', { class: 'meter-fill', style: { width: `${Math.max(0, Math.min(100, v.progress))}%` } }))
            : '—',
          lower && v.progress != null ? h('span', { class: 'small muted' }, qty(v.progress, '%', 1)) : null),
          h('td', null, badge(v.attained, goal, v.value)));
      }))));
}
