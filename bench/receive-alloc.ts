/**
 * Part of `npm run bench` (run as `node --expose-gc --min-semi-space-size=64 --max-semi-space-size=64 --import tsx
 * bench/receive-alloc.ts`):
 * the bytes receive() allocates per call, against the bytes JSON.parse allocates for the same body (the
 * parsed body). Target ≤ 2×.
 *
 * Method: after a full GC, run N calls and read the growth of the JS heap (heapUsed) plus the ArrayBuffer
 * stores (arrayBuffers: Buffers, digests). A trial during which any collection ran is discarded (it would have
 * freed part of what was allocated): GC entries are observed after each trial and matched to its time window.
 * N keeps a trial to about 8 MB, well inside the 64 MB young generation the flags fix (estimated from a probe). The figure is the median of the clean trials, after a
 * warm-up so the JIT and caches are settled. The retained size — what a stored event keeps alive — is measured
 * by keeping N results and collecting the rest.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { receive } from '../shared';
import { benchCases, type BenchCase } from './receive-cases';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

const collections: { start: number; end: number }[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) collections.push({ start: e.startTime, end: e.startTime + e.duration });
}).observe({ entryTypes: ['gc'] });
/** Lets the GC observer catch up (its entries are delivered asynchronously). */
const turn = () => new Promise((resolve) => setTimeout(resolve, 5));
const TRIAL_BYTES = 8 * 1024 * 1024;

let sink: unknown;

/**
 * Bytes in use where short-lived objects are allocated (the young generation, including its large-object
 * space) plus ArrayBuffer stores. Old space is left out: after gc() its concurrent sweeping would make its
 * figure shrink during a trial.
 */
function youngBytes(): number {
  let used = 0;
  for (const space of getHeapSpaceStatistics())
    if (space.space_name === 'new_space' || space.space_name === 'new_large_object_space') used += space.space_used_size;
  return used + process.memoryUsage().arrayBuffers;
}

/** Median bytes allocated per call, over trials without a GC. */
async function bytesPerCall(fn: () => unknown, trials = 11): Promise<number> {
  for (let i = 0; i < 3000; i++) sink = fn();
  gc!();
  const probeStart = youngBytes();
  for (let i = 0; i < 20; i++) sink = fn();
  const perTrial = Math.min(20_000, Math.max(20, Math.floor(TRIAL_BYTES / Math.max(1, (youngBytes() - probeStart) / 20))));
  const samples: number[] = [];
  for (let t = 0; t < trials * 4 && samples.length < trials; t++) {
    gc!();
    await turn();
    const before = youngBytes();
    const start = performance.now();
    for (let i = 0; i < perTrial; i++) sink = fn();
    const end = performance.now();
    const after = youngBytes();
    await turn();
    if (collections.some((c) => c.end >= start && c.start <= end)) continue;
    samples.push((after - before) / perTrial);
  }
  if (samples.length === 0) throw new Error('every trial saw a GC: lower perTrial');
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** Bytes per result still reachable when `count` results are kept (everything else collected). */
async function settledHeap(): Promise<number> {
  // Two full collections with turns between, so concurrent sweeping has finished before reading.
  for (let i = 0; i < 2; i++) {
    gc!();
    await turn();
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function retainedPerResult(fn: () => unknown, count: number): Promise<number> {
  const samples: number[] = [];
  for (let t = 0; t < 5; t++) {
    const before = await settledHeap();
    const kept = Array.from({ length: count }, fn);
    const after = await settledHeap();
    sink = kept;
    samples.push((after - before - count * 8) / count);
  }
  samples.sort((a, b) => a - b);
  return samples[2]!;
}

interface Figures {
  readonly parsed: number;
  readonly floor: number;
  readonly received: number;
  readonly parsedRetained: number;
  readonly eventRetained: number;
}

async function measure(c: BenchCase): Promise<Figures> {
  const text = c.body.toString('utf8');
  const call = () => receive(c.platform, { headers: c.headers, body: c.body }, c.options);
  return {
    parsed: await bytesPerCall(() => JSON.parse(text)),
    floor: await bytesPerCall(c.floor),
    received: await bytesPerCall(call),
    parsedRetained: await retainedPerResult(() => JSON.parse(c.body.toString('utf8')), 2000),
    eventRetained: await retainedPerResult(call, 2000),
  };
}

async function main(): Promise<void> {
  // Warm every path once, so the first delivery measured pays no JIT or cache set-up.
  for (const c of benchCases())
    for (let i = 0; i < 2000; i++) sink = [c.floor(), receive(c.platform, { headers: c.headers, body: c.body }, c.options)];
  console.log('\nreceive() allocation per call (heapUsed + arrayBuffers growth over trials without GC), against what JSON.parse');
  console.log('allocates for the same body; the floor (createHmac + timingSafeEqual + toString + JSON.parse) measured the same way.');
  console.log('Retained: what one result keeps reachable (2,000 kept, the rest collected).\n');
  console.log(
    `${'delivery'.padEnd(42)} ${'bytes'.padStart(6)} ${'JSON.parse'.padStart(10)} ${'floor'.padStart(14)} ${'receive()'.padStart(15)}  ${'retained: parsed'.padStart(16)} ${'event'.padStart(14)}`,
  );
  const cell = (bytes: number, parsed: number) => `${Math.round(bytes)} B ${(bytes / parsed).toFixed(2)}×`;
  for (const c of benchCases()) {
    const f = await measure(c);
    console.log(
      `${c.name.padEnd(42)} ${String(c.body.byteLength).padStart(6)} ${`${Math.round(f.parsed)} B`.padStart(10)} ${cell(f.floor, f.parsed).padStart(14)} ${cell(f.received, f.parsed).padStart(15)}  ${`${Math.round(f.parsedRetained)} B`.padStart(16)} ${cell(f.eventRetained, f.parsedRetained).padStart(14)}`,
    );
  }
  if (sink === Symbol.for('never')) console.log(sink);
}

void main();
