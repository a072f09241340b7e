// The gateway's HTTP API. Every failure becomes an ApiError carrying the problem+json details.
// Every call carries the session's key as a bearer token; a 401 asks for a key and retries.
import { currentKey, askForKey } from './auth.js';

export class ApiError extends Error {
  /** problem+json: `code` names what went wrong, `fieldErrors` [{field, code, message}] each refused field. */
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem?.title;
    this.detail = problem?.detail;
    this.code = problem?.code ?? null;
    this.fieldErrors = problem?.fieldErrors ?? [];
    this.currentVersion = problem?.currentVersion ?? null;
  }
}

/** fetch with the key; on 401 the key dialog opens and the request is sent again with the new key. */
async function send(path, init) {
  for (;;) {
    const key = currentKey();
    let response;
    try {
      const authorization = key ? { Authorization: `Bearer ${key}` } : {};
      response = await fetch(path, { ...init, headers: { ...init.headers, ...authorization }, cache: 'no-store' });
    } catch {
      throw new ApiError(0, { title: 'network' });
    }
    if (response.status !== 401) return response;
    // A key entered while this request was on its way is tried before anyone is asked again:
    // the refusal was of the key it carried, not of the one the session holds now.
    const now = currentKey();
    if (now !== null && now !== key) continue;
    await askForKey(key !== null);
  }
}

async function request(method, path, body) {
  const response = await send(path, {
    method,
    headers: body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const type = response.headers.get('Content-Type') ?? '';
  const payload = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    throw new ApiError(response.status, payload);
  }
  return payload;
}

const enc = encodeURIComponent;
const unitPath = (code) => `/api/units/${enc(code)}`;

// The tree the pages read on (SPEC section 10): null where the installation has a single tree, so every read
// stays as it always was; else the tree chosen, or the period's own, named on every read about a period.
let viewTree = null;

export function readOnTree(tree) {
  viewTree = tree ?? null;
}

/** `?tree=` (or `&tree=`) for the tree read on, nothing without one. */
/** The tree reads are made on, or null (the period's own, on an installation without trees). */
export const readTree = () => viewTree;

const onTree = (first) => (viewTree ? `${first ? '?' : '&'}tree=${enc(viewTree)}` : '');
const withTree = (body) => (viewTree ? { ...body, tree: viewTree } : body);
/** A query string of the parameters given (blank ones left out) and the tree read on. */
const query = (params) => plainQuery({ ...params, tree: viewTree });
const indicatorPath = (indicator, period) => `/api/indicators/${enc(indicator)}/${enc(period)}`;

export const api = {
  catalog: () => request('GET', '/api/catalog'),
  trees: () => request('GET', '/api/trees'),
  lineage: (tree, code) => request('GET', `/api/trees/${enc(tree)}/units/${enc(code)}/lineage`),
  /** A unit of `tree`, by default the tree read on; without one, of the newest tree. */
  unit: (code, tree = viewTree) => request('GET', `${unitPath(code)}${tree ? `?tree=${enc(tree)}` : ''}`),
  indicators: (code, period) => request('GET', `${unitPath(code)}/indicators/${enc(period)}${onTree(true)}`),
  comparison: (code, period, indicator) =>
    request('GET', `${unitPath(code)}/comparison/${enc(period)}?indicator=${enc(indicator)}${onTree(false)}`),
  series: (code, indicator, from, to) =>
    request('GET', `${unitPath(code)}/series/${enc(indicator)}?from=${enc(from)}&to=${enc(to)}${onTree(false)}`),
  missing: (code, period) => request('GET', `${unitPath(code)}/missing/${enc(period)}${onTree(true)}`),
  report: (code, period) => request('GET', `${unitPath(code)}/reports/${enc(period)}`),
  history: (code, period) => request('GET', `${unitPath(code)}/reports/${enc(period)}/history`),
  submitReport: (code, period, values, expectedVersion) =>
    request('PUT', `${unitPath(code)}/reports/${enc(period)}`, { values, expectedVersion }),
  plan: (code, year) => request('GET', `${unitPath(code)}/plans/${enc(year)}`),
  whatIf: (body) => request('POST', '/api/what-if', withTree(body)),
  goalSeek: (body) => request('POST', '/api/what-if/goal-seek', withTree(body)),
  scenarios: () => request('GET', '/api/scenarios'),
  saveScenario: (body) => request('POST', '/api/scenarios', body),
  deleteScenario: (id) => request('DELETE', `/api/scenarios/${enc(id)}`),
  scenarioResult: (id) => request('GET', `/api/scenarios/${enc(id)}/result`),
  me: () => request('GET', '/api/keys/me'),
  /** SPEC section 11: `params` {scope, level, order, top} for a ranking, {scope, level, bins} for a distribution. */
  ranking: (indicator, period, params) => request('GET', `${indicatorPath(indicator, period)}/ranking${query(params)}`),
  distribution: (indicator, period, params) => request('GET', `${indicatorPath(indicator, period)}/distribution${query(params)}`),
  standing: (code, period) => request('GET', `${unitPath(code)}/standing/${enc(period)}${onTree(true)}`),
  approval: (code, period) => request('GET', `${unitPath(code)}/approvals/${enc(period)}`),
  approve: (code, period) => request('POST', `${unitPath(code)}/approvals/${enc(period)}`),
  unapprove: (code, period) => request('DELETE', `${unitPath(code)}/approvals/${enc(period)}`),
};

/** A query string of the parameters given, blank and false ones left out (no tree: imports name their own units and periods). */
function plainQuery(params) {
  const all = Object.entries(params).filter(([, value]) => value != null && value !== '' && value !== false);
  return all.length ? `?${new URLSearchParams(all)}` : '';
}

/** Posts a file as it is (no copy in the page); answers the status and the JSON answer, whatever the status. */
async function upload(path, body, type) {
  const response = await send(path, { method: 'POST', headers: type ? { Accept: 'application/json', 'Content-Type': type } : { Accept: 'application/json' }, body });
  const payload = (response.headers.get('Content-Type') ?? '').includes('json') ? await response.json().catch(() => null) : null;
  return { status: response.status, ok: response.ok, payload };
}

export const imports = {
  /** A report sheet (csv or xlsx) as the multipart field 'file': the import summary; a problem throws. */
  async reports(file, { dryRun, strategy, period }) {
    const body = new FormData();
    body.append('file', file, file.name);
    const { status, ok, payload } = await upload(`/api/import/reports${plainQuery({ dryRun, strategy, period })}`, body);
    if (!ok) throw new ApiError(status, payload);
    return payload;
  },
  /**
   * A DHIS2 data value set (SPEC section 12) sent as the JSON file's bytes: DHIS2's answer, with conflicts or
   * without (409 or 200, the same shape, not a problem); a problem (400, 413, 415…) throws.
   */
  async dataValueSet(file, { dryRun, importStrategy }) {
    const { status, payload } = await upload(`/api/dataValueSets${plainQuery({ dryRun, importStrategy })}`, file, 'application/json');
    if ((status === 200 || status === 409) && payload?.response?.responseType === 'ImportSummary') return payload;
    throw new ApiError(status, payload);
  },
};

/** Download links the API serves itself (csv or xlsx). */
export const files = {
  comparison: (code, period, indicator, format) =>
    `${unitPath(code)}/comparison/${enc(period)}?indicator=${enc(indicator)}&format=${format}${onTree(false)}`,
  indicators: (code, period, format) => `${unitPath(code)}/indicators/${enc(period)}?format=${format}${onTree(false)}`,
  reportTemplate: (code, period, format) => `${unitPath(code)}/reports/${enc(period)}/template.${format}`,
};

/** A download link that sends the key: fetched as a blob and saved under the server's file name. */
export async function download(url) {
  const response = await send(url, { method: 'GET' });
  if (!response.ok) throw new ApiError(response.status, null);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] ?? url.split('/').pop().split('?')[0];
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: decodeURIComponent(name) });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/** A missing resource (404) is an expected answer for reports and plans: null instead of an error. */
export async function orNull(promise) {
  try {
    return await promise;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}
