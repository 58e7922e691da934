// Line charts on a canvas: no library, so the UI works offline. The pure functions (scales and
// ticks) are exported for tests.

export const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b',
  '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];

/** About `count` round tick values covering [min, max]. */
export function linearTicks(min, max, count = 5) {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
  const error = raw / magnitude; // the nice step nearest to the raw one
  const step = magnitude * (error >= 7.5 ? 10 : error >= 3.5 ? 5 : error >= 1.5 ? 2 : 1);
  const ticks = [];
  for (let t = Math.ceil(min / step) * step; t <= max + step * 1e-9; t += step) {
    ticks.push(Number(t.toPrecision(12)));
  }
  return ticks;
}

/**
 * Powers of ten (and 2, 5 between them over two decades or less) in [min, max], both > 0; over
 * many decades (a diverging run's loss) every few decades, so at most `count` labels.
 */
export function logTicks(min, max, count = 8) {
  const ticks = [];
  const low = Math.floor(Math.log10(min));
  const high = Math.ceil(Math.log10(max));
  const multipliers = Math.log10(max / min) <= 2 ? [1, 2, 5] : [1];
  const every = Math.max(1, Math.ceil((high - low + 1) / count));
  // Thinned labels start at the first decade inside the range, so the bottom of the axis has one.
  const first = every > 1 ? Math.ceil(Math.log10(min) - 1e-9) : low;
  for (let e = first; e <= high; e += every) {
    for (const m of multipliers) {
      const t = m * Math.pow(10, e);
      if (t >= min * (1 - 1e-9) && t <= max * (1 + 1e-9)) ticks.push(Number(t.toPrecision(12)));
    }
  }
  return ticks;
}

/** Maps data values to pixels; a log scale ignores values ≤ 0. */
export function scale(domainMin, domainMax, rangeMin, rangeMax, log = false) {
  const f = log ? Math.log10 : (v => v);
  const d0 = f(domainMin), d1 = f(domainMax);
  const span = d1 - d0 || 1;
  return v => rangeMin + (f(v) - d0) / span * (rangeMax - rangeMin);
}

/** The [min, max] of the y values of all series (positive ones only on a log axis). */
export function extent(series, index, log = false) {
  let min = Infinity, max = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      const v = p[index];
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min === Infinity) return null;
  if (min === max) { min = log ? min / 2 : min - 1; max = log ? max * 2 : max + 1; }
  return [min, max];
}

function format(v) {
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(0);
  return String(Number(v.toPrecision(3)));
}

/** Draws `series` ([{name, color, points: [[x, y], ...]}]) into `canvas`. */
export function drawChart(canvas, series, { yLog = false, xLabel = '', yRange = null } = {}) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth, height = canvas.clientHeight;
  canvas.width = width * ratio; canvas.height = height * ratio;
  const g = canvas.getContext('2d');
  g.scale(ratio, ratio);
  g.clearRect(0, 0, width, height);
  g.font = '11px system-ui, sans-serif';
  const xs = extent(series, 0), ys = yRange || extent(series, 1, yLog);
  if (!xs || !ys) { g.fillStyle = '#888'; g.fillText('no data yet', width / 2 - 30, height / 2); return; }
  const left = 52, right = width - 10, top = 8, bottom = height - 26;
  const x = scale(xs[0], xs[1], left, right), y = scale(ys[0], ys[1], bottom, top, yLog);
  g.strokeStyle = '#e3e6ea'; g.fillStyle = '#555'; g.lineWidth = 1;
  const decades = yLog ? logTicks(ys[0], ys[1]) : [];
  // Within a decade powers of ten say little: round linear values, placed on the log axis.
  const yTicks = decades.length >= 3 ? decades : linearTicks(ys[0], ys[1]);
  for (const t of yTicks.filter(t => !yLog || t > 0)) {
    g.beginPath(); g.moveTo(left, y(t)); g.lineTo(right, y(t)); g.stroke();
    g.fillText(format(t), 4, y(t) + 4);
  }
  const labelWidth = g.measureText(xLabel).width;
  for (const t of linearTicks(xs[0], xs[1], 6)) {
    if (x(t) + 12 < right - labelWidth - 6) g.fillText(format(t), x(t) - 8, height - 10);
  }
  g.fillText(xLabel, right - labelWidth, height - 10);
  for (const s of series) {
    g.strokeStyle = s.color; g.lineWidth = 1.5; g.beginPath();
    let drawing = false;
    for (const [px, py] of s.points) {
      if (!Number.isFinite(py) || (yLog && py <= 0)) { drawing = false; continue; }
      if (drawing) g.lineTo(x(px), y(py)); else g.moveTo(x(px), y(py));
      drawing = true;
    }
    g.stroke();
    if (s.points.length <= 30) { // a few points (one per epoch): show each
      g.fillStyle = s.color;
      for (const [px, py] of s.points) {
        if (!Number.isFinite(py) || (yLog && py <= 0)) continue;
        g.beginPath(); g.arc(x(px), y(py), 2.5, 0, 2 * Math.PI); g.fill();
      }
    }
  }
}
