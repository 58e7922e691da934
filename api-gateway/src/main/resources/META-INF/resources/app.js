// The comparison UI: experiments, a submission form, and each experiment's runs with their loss
// and accuracy curves overlaid, refreshed while any run is still going.
import { PALETTE, drawChart } from './chart.js';

const view = document.getElementById('view');
const tokenInput = document.getElementById('token');
tokenInput.value = localStorage.getItem('optlab-token') || '';
tokenInput.addEventListener('change', () => localStorage.setItem('optlab-token', tokenInput.value));

const TERMINAL = new Set(['COMPLETED', 'DIVERGED', 'FAILED', 'CANCELLED']);
let refresh = null;

async function api(path, options = {}) {
  const headers = { Accept: 'application/json', ...(options.headers || {}) };
  if (options.method && options.method !== 'GET' && tokenInput.value) {
    headers.Authorization = 'Bearer ' + tokenInput.value;
  }
  const response = await fetch(path, { ...options, headers });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw Object.assign(new Error(body?.detail || response.statusText), { body, status: response.status });
  }
  return body;
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (k.startsWith('on')) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children.flat()) node.append(c instanceof Node ? c : String(c ?? ''));
  return node;
}

// A run that ended badly, or has not started training (waiting for its data, or released back to
// the queue), says why under its state; the others keep their message as a tooltip.
const EXPLAINED = new Set(['DIVERGED', 'FAILED', 'STARTED', 'QUEUED']);
const pct = v => (v == null ? '–' : (100 * v).toFixed(2) + '%');
const num = v => (v == null ? '–' : Number(v).toPrecision(4));

async function experimentsView() {
  const experiments = await api('/api/experiments');
  const rows = experiments
    .sort((a, b) => (b.submittedAt || '').localeCompare(a.submittedAt || ''))
    .map(e => {
      const states = {};
      e.runs.forEach(r => { states[r.state] = (states[r.state] || 0) + 1; });
      return el('tr', {},
        el('td', {}, el('a', { href: '#/experiments/' + e.experimentId }, e.experimentId)),
        el('td', {}, e.submittedAt ? new Date(e.submittedAt).toLocaleString() : ''),
        el('td', {}, e.runs.length),
        el('td', {}, Object.entries(states).map(([s, n]) => el('span', { class: 'state-' + s }, `${n} ${s} `))));
    });
  view.replaceChildren(
    el('h2', {}, 'Experiments'),
    rows.length ? el('table', {}, el('tr', {}, ['experiment', 'submitted', 'runs', 'states'].map(h => el('th', {}, h))), rows)
      : el('p', {}, 'No experiments yet: ', el('a', { href: '#/new' }, 'submit one'), '.'));
  return experiments.some(e => e.runs.some(r => !TERMINAL.has(r.state)));
}

async function newView() {
  const seeds = await api('/api/experiments/seeds');
  const spec = el('textarea', { spellcheck: 'false' },
    'name: my-sweep\nbase:\n  optimizer: {type: adam}\n  epochs: 3\n  trainSize: 10000\n  valSize: 2000\ngrid:\n  optimizer.learningRate: [1.0e-2, 1.0e-3]\n');
  const problems = el('div', { class: 'problems' });
  const seed = el('select', {}, seeds.map(s => el('option', { value: s }, s)));
  async function submit(path, body, type) {
    problems.replaceChildren();
    try {
      const accepted = await api(path, { method: 'POST', body, headers: { 'Content-Type': type } });
      location.hash = '#/experiments/' + accepted.experimentId;
    } catch (e) {
      problems.replaceChildren(el('p', {}, e.message),
        el('ul', {}, (e.body?.problems || []).map(p => el('li', {}, `${p.field}: ${p.message}`))));
    }
  }
  view.replaceChildren(
    el('h2', {}, 'New experiment'),
    el('p', {}, 'A built-in experiment: ', seed, ' ',
      el('button', { onclick: () => submit('/api/experiments/seeds/' + seed.value, '', 'application/json') }, 'Run it')),
    el('p', {}, 'Or a spec (YAML or JSON; the README lists every setting):'), spec,
    el('p', {}, el('button', { onclick: () => submit('/api/experiments', spec.value, 'application/yaml') }, 'Submit')),
    problems);
  return false;
}

function series(runs, pick) {
  return runs.map((run, i) => ({
    name: run.label || run.runId, color: PALETTE[i % PALETTE.length], points: pick(run),
  }));
}

async function experimentView(id) {
  const [experiment, curves] = await Promise.all([
    api('/api/experiments/' + encodeURIComponent(id)),
    api('/api/curves/' + encodeURIComponent(id) + '?maxPoints=400').catch(e => ({ byStep: [], error: e.message })),
  ]);
  const byRun = new Map(curves.byStep.map(c => [c.runId, c]));
  const runs = experiment.runs.map(r => ({ ...r, curves: byRun.get(r.runId) }));
  const withCurves = runs.filter(r => r.curves);
  const charts = [
    ['Train loss (log)', r => r.curves.train.map(p => [p.step, p.loss]), { yLog: true }],
    ['Validation loss (log)', r => r.curves.validation.map(p => [p.step, p.loss]), { yLog: true }],
    ['Train accuracy (batch)', r => r.curves.train.map(p => [p.step, p.accuracy]), { yRange: [0, 1] }],
    ['Validation accuracy', r => r.curves.validation.map(p => [p.step, p.accuracy]), { yRange: [0, 1] }],
  ];
  const canvases = charts.map(() => el('canvas'));
  const cancel = runId => api('/api/runs/' + runId + '/cancel', { method: 'POST' }).then(render, e => alert(e.message));
  view.replaceChildren(
    el('h2', {}, experiment.experimentId),
    experiment.rebuilding ? el('p', { class: 'notice' }, 'Run states incomplete: the gateway is ' +
      experiment.rebuilding.replace(/^rebuilding/, 'still rebuilding') + '.') : '',
    curves.error ? el('p', { class: 'problems' }, 'Curves unavailable: ' + curves.error) : '',
    curves.rebuilding ? el('p', { class: 'notice' }, 'Curves incomplete: metrics-service is ' +
      curves.rebuilding.replace(/^rebuilding/, 'still rebuilding') + '.') : '',
    el('div', { class: 'legend' }, withCurves.map((r, i) =>
      el('span', {}, el('i', { style: 'background:' + PALETTE[i % PALETTE.length] }), r.label || r.runId))),
    el('div', { class: 'charts' }, charts.map(([title], i) => el('div', { class: 'chart' }, el('h3', {}, title), canvases[i]))),
    el('table', {},
      el('tr', {}, ['run', 'settings', 'state', 'epoch', 'step', 'train loss', 'val acc (best)', 'img/s', ''].map(h => el('th', {}, h))),
      runs.map(r => {
        const s = r.curves?.summary || {};
        return el('tr', {},
          el('td', {}, r.label || r.runId), el('td', {}, r.summary || ''),
          el('td', { class: 'state-' + r.state, title: r.message || '' }, r.state,
            EXPLAINED.has(r.state) && r.message ? el('div', { class: 'why' }, r.message) : ''),
          el('td', {}, r.epoch ?? ''), el('td', {}, r.step ?? ''), el('td', {}, num(s.finalTrainLoss)),
          el('td', {}, pct(s.finalValidationAccuracy) + ' (' + pct(s.bestValidationAccuracy) + ')'),
          el('td', {}, s.samplesPerSecond ? Math.round(s.samplesPerSecond) : '–'),
          el('td', {}, TERMINAL.has(r.state) ? '' : el('button', { onclick: () => cancel(r.runId) }, 'Cancel')));
      })),
    el('p', {}, el('a', { href: '/api/experiments/' + id }, 'JSON'), ' · ',
      el('a', { href: '/api/curves/' + id + '?maxPoints=0' }, 'all points')));
  charts.forEach(([, pick, options], i) =>
    drawChart(canvases[i], series(withCurves, pick), { xLabel: 'step', ...options }));
  // Keep refreshing while runs go on, or while a service is still catching up after a restart.
  return Boolean(curves.rebuilding || experiment.rebuilding)
    || runs.some(r => !TERMINAL.has(r.state) || !r.curves || r.curves.rawTrainPoints === 0);
}

async function render() {
  clearTimeout(refresh);
  const hash = location.hash || '#/';
  const match = hash.match(/^#\/experiments\/(.+)$/);
  try {
    const live = match ? await experimentView(decodeURIComponent(match[1]))
      : hash === '#/new' ? await newView() : await experimentsView();
    if (live) refresh = setTimeout(render, 2000);
  } catch (e) {
    // 503: the gateway has just restarted and is reading back run states; it says how far it is.
    const rebuilding = e.status === 503 && e.body?.type === 'urn:optlab:problem:rebuilding';
    view.replaceChildren(el('p', { class: rebuilding ? 'notice' : 'problems' }, e.message));
    if (rebuilding) refresh = setTimeout(render, 1000);
  }
}

window.addEventListener('hashchange', render);
window.addEventListener('resize', () => { if (location.hash.startsWith('#/experiments/')) render(); });
render();
