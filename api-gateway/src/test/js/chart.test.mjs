// The UI's chart scales and ticks (run by ChartScriptTest through `node --test`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { linearTicks, logTicks, scale, extent } from './chart.mjs';

test('linear ticks are round numbers covering the range', () => {
  assert.deepEqual(linearTicks(0, 1, 5), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(linearTicks(3, 97, 4), [20, 40, 60, 80]);
  assert.deepEqual(linearTicks(0, 1563, 6), [0, 200, 400, 600, 800, 1000, 1200, 1400]);
});

test('log ticks are powers of ten, with 2 and 5 on short ranges', () => {
  assert.deepEqual(logTicks(0.05, 3), [0.05, 0.1, 0.2, 0.5, 1, 2]);
  assert.deepEqual(logTicks(1e-4, 10), [1e-4, 1e-3, 1e-2, 0.1, 1, 10]);
  // a diverging run's loss spans 25 decades: every fourth one is labelled, from the bottom
  assert.deepEqual(logTicks(2, 3e25), [10, 1e5, 1e9, 1e13, 1e17, 1e21, 1e25]);
});

test('scales map the domain onto the range, log ones by decades', () => {
  const linear = scale(0, 10, 100, 200);
  assert.equal(linear(5), 150);
  const log = scale(0.01, 100, 0, 400, true);
  assert.equal(log(1), 200);
  assert.equal(log(0.1), 100);
});

test('extent skips non-finite values, and non-positive ones on a log axis', () => {
  const series = [{ points: [[1, 2.3], [2, NaN], [3, 0]] }, { points: [[4, Infinity], [5, 0.5]] }];
  assert.deepEqual(extent(series, 1), [0, 2.3]);
  assert.deepEqual(extent(series, 1, true), [0.5, 2.3]);
  assert.deepEqual(extent(series, 0), [1, 5]);
  assert.equal(extent([{ points: [] }], 1), null);
});
