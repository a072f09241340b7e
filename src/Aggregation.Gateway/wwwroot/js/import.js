// The import page: a report sheet (csv or xlsx, POST /api/import/reports) or a DHIS2 data value set (json,
// POST /api/dataValueSets, SPEC section 12), picked or dropped, tried as a dry run or imported; the answer as a
// summary with its conflicts. Address: #/import/{unit}/{period} (the unit's templates; the period for rows without one).
import { imports, files, download } from './api.js';
import { h, fill } from './dom.js';
import { t, nameOf, problemText } from './i18n.js';
import { num } from './format.js';
import { errorBox, fieldLabel } from './ui.js';
import { periodName, PERIOD } from './periods.js';

const SHEET_STRATEGIES = ['per-row', 'all-or-nothing'];
const DHIS2_STRATEGIES = ['CREATE_AND_UPDATE', 'CREATE', 'UPDATE', 'DELETE'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ACCEPT = ['.csv', '.xlsx', '.json', 'text/csv', XLSX, 'application/json'].join(',');
// The fields of a DHIS2 data value a conflict may name.
const PROPERTIES = ['dataElement', 'period', 'orgUnit', 'categoryOptionCombo', 'attributeOptionCombo', 'value'];
const CODE = /^[A-Za-z0-9_-]{1,32}$/;
// Conflicts drawn at most; the others are counted.
const SHOWN = 200;
// The values of a DHIS2 file's conflicts are read back from the file up to this size.
const READ_BACK_BYTES = 16 * 1024 * 1024;

/** 'csv', 'xlsx' or 'json' by the file's name, else by its type; null for anything else. */
function kindOf(file) {
  const byName = /\.(csv|xlsx|json)$/i.exec(file?.name ?? '')?.[1]?.toLowerCase();
  if (byName) return byName;
  return { 'text/csv': 'csv', [XLSX]: 'xlsx', 'application/json': 'json' }[file?.type] ?? null;
}

export function mount(root, ctx, saved) {
  const { unit, period } = ctx;
  let answer = saved?.answer ?? null; // { kind: sheet or dhis2, name of the file, body: the answer, sent: the DHIS2 file read back }
  let sending = false;

  // The browser's own file button speaks the browser's language: the input is hidden and its label is the button.
  const input = h('input', { type: 'file', id: 'import-file', class: 'file-input', accept: ACCEPT, 'data-testid': 'import-file', 'aria-describedby': 'import-file-hint import-chosen' });
  const chosen = h('p', { id: 'import-chosen', class: 'import-chosen', 'data-testid': 'import-chosen', 'aria-live': 'polite' });
  const drop = h('div', { class: 'import-drop', 'data-testid': 'import-drop' },
    h('p', { class: 'import-drop-title' }, t('importFile')),
    input, h('label', { for: 'import-file', class: 'button', 'data-testid': 'import-pick' }, t('importPick')),
    h('p', { id: 'import-file-hint', class: 'muted small' }, t('importFileHint')), chosen);
  const dryRun = h('input', { type: 'checkbox', id: 'import-dry-run', 'data-testid': 'import-dry-run', checked: saved?.dryRun ?? false });

  const sheetHint = h('p', { id: 'import-sheet-hint', class: 'hint', 'data-testid': 'import-sheet-hint' });
  const sheetChoice = (value) => h('label', null,
    h('input', { type: 'radio', name: 'import-sheet-strategy', value, 'data-testid': `import-sheet-${value}`, checked: value === (saved?.sheetStrategy ?? 'per-row') }),
    ` ${t(`importSheet_${value}`)}`);
  const sheetStrategy = h('fieldset', { 'data-testid': 'import-sheet-strategy', 'aria-describedby': 'import-sheet-hint' },
    h('legend', null, t('importSheetStrategy')), SHEET_STRATEGIES.map(sheetChoice), sheetHint);

  const dhis2Hint = h('p', { id: 'import-dhis2-hint', class: 'hint', 'data-testid': 'import-dhis2-hint' });
  const dhis2Select = h('select', { id: 'import-dhis2-select', 'data-testid': 'import-dhis2-select' },
    DHIS2_STRATEGIES.map((value) => h('option', { value, selected: value === (saved?.dhis2Strategy ?? 'CREATE_AND_UPDATE') }, t(`dhis2Strategy_${value}`))));
  const dhis2Strategy = h('fieldset', { 'data-testid': 'import-dhis2-strategy', 'aria-describedby': 'import-dhis2-hint' },
    h('legend', null, t('importDhis2Strategy')),
    h('label', { for: 'import-dhis2-select', class: 'sr-only' }, t('importDhis2Strategy')), dhis2Select,
    h('p', { class: 'muted small' }, t('importDhis2StrategyHint')), dhis2Hint);

  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'import-submit' }, t('importSubmit'));
  const result = h('div', { 'data-testid': 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'panel import-form', 'data-testid': 'import-form', novalidate: true },
    drop,
    h('p', null, h('label', { for: 'import-dry-run' }, dryRun, ` ${t('importDryRun')}`)),
    h('div', { class: 'import-strategies' }, sheetStrategy, dhis2Strategy),
    h('div', { class: 'actions' }, submit));

  const templateLink = (format) => {
    const url = files.reportTemplate(unit.code, period, format);
    return h('a', { href: url, download: '', 'data-testid': `import-template-${format}`, onclick: (event) => { event.preventDefault(); download(url).catch((e) => fill(result, errorBox(e))); } },
      t(`importTemplate_${format}`));
  };

  const file = () => input.files?.[0] ?? null;

  /** The choices that apply to the file chosen: the sheet's strategy for csv and xlsx, DHIS2's for json. */
  function showKind() {
    const kind = kindOf(file());
    sheetStrategy.disabled = kind === 'json';
    dhis2Strategy.disabled = kind === 'csv' || kind === 'xlsx';
    sheetHint.textContent = kind === 'json' ? t('importSheetNotJson') : t('importSheetHint', { period: periodName(period) });
    dhis2Hint.textContent = sheetStrategy.disabled || !kind ? '' : t('importDhis2OnlyJson');
    dhis2Hint.hidden = dhis2Hint.textContent === '';
    chosen.textContent = file() ? t('importChosen', { name: file().name, kind: kind ? t(`importKind_${kind}`) : t('importKind_unknown') }) : t('importNoFile');
    chosen.dataset.kind = kind ?? '';
  }

  input.addEventListener('change', () => {
    fill(result);
    showKind();
  });
  // A file dropped anywhere on the box is taken as if picked.
  drop.addEventListener('dragover', (event) => {
    event.preventDefault();
    drop.classList.add('dragging');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'));
  drop.addEventListener('drop', (event) => {
    event.preventDefault();
    drop.classList.remove('dragging');
    if (!event.dataTransfer?.files?.length) return;
    input.files = event.dataTransfer.files;
    input.dispatchEvent(new Event('change'));
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (sending) return;
    const picked = file();
    const kind = kindOf(picked);
    if (!picked || !kind) {
      fill(result, h('div', { class: 'alert alert-error', role: 'alert', 'data-testid': 'error' }, t(picked ? 'importUnknownKind' : 'importNoFile')));
      return;
    }
    sending = true;
    submit.disabled = true;
    fill(result, h('p', { class: 'muted', role: 'status' }, t('importSending', { name: picked.name })));
    try {
      const body = kind === 'json'
        ? await imports.dataValueSet(picked, { dryRun: dryRun.checked, importStrategy: dhis2Select.value })
        : await imports.reports(picked, { dryRun: dryRun.checked, strategy: form.elements['import-sheet-strategy'].value, period });
      answer = { kind: kind === 'json' ? 'dhis2' : 'sheet', name: picked.name, body, sent: kind === 'json' && body.response.conflicts.length ? await sentValues(picked) : null };
      showAnswer();
    } catch (error) {
      answer = null;
      fill(result, errorBox(error));
    } finally {
      sending = false;
      submit.disabled = false;
    }
  });

  function showAnswer() {
    if (!answer) return;
    fill(result, answer.kind === 'dhis2' ? dhis2Summary(answer, ctx) : sheetSummary(answer));
  }

  fill(root,
    h('header', { class: 'view-head' },
      h('h1', null, `${t('importTitle')} · ${unit.name}`),
      h('p', null, t('importIntro')),
      h('ul', { class: 'downloads' }, h('li', null, templateLink('csv')), h('li', null, templateLink('xlsx')))),
    form, result);

  if (saved?.file) {
    const transfer = new DataTransfer();
    transfer.items.add(saved.file);
    input.files = transfer.files;
  }
  showKind();
  showAnswer();

  return {
    // Kept across a change of language: the file chosen, the choices and the last answer, drawn again in the new language.
    snapshot: () => ({ file: file(), dryRun: dryRun.checked, sheetStrategy: form.elements['import-sheet-strategy'].value, dhis2Strategy: dhis2Select.value, answer }),
  };
}

/** A DHIS2 file as sent, to show the values its conflicts name; null when too large or unreadable. */
async function sentValues(file) {
  if (file.size > READ_BACK_BYTES) return null;
  try {
    const set = JSON.parse(await file.text());
    return Array.isArray(set?.dataValues) ? set : null;
  } catch {
    return null;
  }
}

/** The numbers a set sends for one unit and period, by element: the bounds a refusal such as exceeds_households names. */
function groupValues(set, orgUnit, period) {
  const values = {};
  for (const v of set?.dataValues ?? []) {
    const number = Number(v?.value);
    if ((v?.orgUnit ?? set.orgUnit) === orgUnit && (v?.period ?? set.period) === period && v?.value !== '' && Number.isFinite(number)) values[v.dataElement] = number;
  }
  return values;
}

const count = (testid, value, label) =>
  h('li', { 'data-testid': testid, 'data-count': String(value) }, h('strong', null, num(value, 0)), ` ${label}`);

function dryRunNote(dryRun) {
  return dryRun ? h('p', { class: 'alert alert-warning', 'data-testid': 'import-dry-run-note' }, t('importDryRunNote')) : null;
}

/** The import summary of a report sheet: rows, what each did, and the refused rows. */
function sheetSummary({ name, body }) {
  const conflicts = body.conflicts ?? [];
  const rows = conflicts.slice(0, SHOWN);
  return h('section', { class: 'panel', 'aria-labelledby': 'import-result-heading', 'data-testid': 'import-summary', 'data-kind': 'sheet' },
    h('h2', { id: 'import-result-heading' }, t('importResultTitle', { name })),
    dryRunNote(body.dryRun),
    h('p', null, t('importStrategyUsed', { strategy: t(`importSheet_${body.strategy}`) })),
    h('ul', { class: 'import-counts' },
      count('import-rows', body.rows, t('importRows')),
      count('import-created', body.created, t('importCreated')),
      count('import-updated', body.updated, t('importUpdated')),
      count('import-unchanged', body.unchanged, t('importUnchanged')),
      count('import-ignored', body.ignored, t('importIgnored'))),
    conflicts.length === 0 ? h('p', { 'data-testid': 'import-no-conflicts' }, t('importNoConflicts')) : [
      h('h3', null, t('importConflicts', { count: num(conflicts.length, 0) })),
      h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'import-conflicts' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('importRow')), h('th', { scope: 'col' }, t('importColumn')),
          h('th', { scope: 'col' }, t('importValue')), h('th', { scope: 'col' }, t('importMessage')))),
        h('tbody', null, rows.map((c) => h('tr', { 'data-code': c.code ?? '' },
          h('th', { scope: 'row' }, num(c.row, 0)),
          h('td', null, c.column ? fieldLabel(c.column) : ''),
          h('td', null, c.value ?? ''),
          h('td', null, problemText({ code: c.code, message: c.message }))))))),
      conflicts.length > rows.length ? h('p', { class: 'muted' }, t('importMore', { count: num(conflicts.length - rows.length, 0) })) : null,
    ]);
}

/** DHIS2's answer: its status in words, the data values counted, and each conflict by unit, period and element. */
function dhis2Summary({ name, body, sent }, ctx) {
  const summary = body.response;
  const conflicts = summary.conflicts ?? [];
  const rows = conflicts.slice(0, SHOWN);
  const status = ['OK', 'WARNING', 'ERROR'].includes(body.status) ? body.status : 'ERROR';
  const tone = { OK: 'alert-ok', WARNING: 'alert-warning', ERROR: 'alert-error' }[status];
  const strategy = summary.importOptions?.importStrategy;
  return h('section', { class: 'panel', 'aria-labelledby': 'import-result-heading', 'data-testid': 'import-summary', 'data-kind': 'dhis2' },
    h('h2', { id: 'import-result-heading' }, t('importResultTitle', { name })),
    h('p', { class: `alert ${tone}`, 'data-testid': 'import-status', 'data-status': body.status },
      h('strong', null, t(`dhis2Status_${status}`)), ` (${body.status})`),
    dryRunNote(summary.importOptions?.dryRun),
    strategy ? h('p', null, t('importStrategyUsed', { strategy: DHIS2_STRATEGIES.includes(strategy) ? t(`dhis2Strategy_${strategy}`) : strategy })) : null,
    h('ul', { class: 'import-counts' },
      count('import-imported', summary.importCount.imported, t('importImported')),
      count('import-updated', summary.importCount.updated, t('importUpdated')),
      count('import-ignored', summary.importCount.ignored, t('importIgnored')),
      count('import-deleted', summary.importCount.deleted, t('importDeleted'))),
    h('p', { class: 'muted small' }, t('importCountsHint')),
    conflicts.length === 0 ? h('p', { 'data-testid': 'import-no-conflicts' }, t('importNoConflicts')) : [
      h('h3', null, t('importConflicts', { count: num(conflicts.length, 0) })),
      h('div', { class: 'scroll' }, h('table', { class: 'table', 'data-testid': 'import-conflicts' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('importUnit')), h('th', { scope: 'col' }, t('importPeriod')),
          h('th', { scope: 'col' }, t('importElement')), h('th', { scope: 'col' }, t('importProperty')),
          h('th', { scope: 'col' }, t('importValue')), h('th', { scope: 'col' }, t('importMessage')))),
        h('tbody', null, rows.map((c) => conflictRow(c, sent, ctx))))),
      conflicts.length > rows.length ? h('p', { class: 'muted' }, t('importMore', { count: num(conflicts.length - rows.length, 0) })) : null,
    ]);
}

/** A conflict's object is orgUnit/period, with /dataElement when one value is at fault. */
function conflictRow(conflict, sent, ctx) {
  const [orgUnit = '', periodId = '', ...rest] = (conflict.object ?? '').split('/');
  const element = rest.join('/');
  const values = sent ? (conflict.indexes ?? []).map((i) => sent.dataValues[i]?.value).filter((v) => v != null && v !== '') : [];
  const property = PROPERTIES.includes(conflict.property) ? t(`dhis2Property_${conflict.property}`) : conflict.property ?? '';
  const linked = CODE.test(orgUnit) && PERIOD.test(periodId);
  return h('tr', { 'data-testid': 'import-conflict', 'data-unit': orgUnit, 'data-element': element, 'data-code': conflict.errorCode ?? '' },
    h('th', { scope: 'row' }, linked ? h('a', { href: ctx.href('report', orgUnit, periodId) }, orgUnit) : orgUnit),
    h('td', null, PERIOD.test(periodId) ? periodName(periodId) : periodId),
    h('td', null, element ? (nameOf(element) === element ? element : `${nameOf(element)} (${element})`) : ''),
    h('td', null, property),
    h('td', null, values.join(', ')),
    h('td', null, problemText({ code: conflict.errorCode, message: conflict.value }, groupValues(sent, orgUnit, periodId))));
}
