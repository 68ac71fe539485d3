/** A small interleaved micro-benchmark: every task runs in each round, so machine noise hits all alike. */
export interface Task {
  readonly name: string;
  readonly fn: () => unknown;
}

export interface TaskResult {
  readonly name: string;
  readonly opsPerSec: number;
  readonly usPerOp: number;
}

let sink: unknown;

function runFor(fn: () => unknown, ms: number): number {
  let ops = 0;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 100; i++) sink = fn();
    ops += 100;
  }
  return ops;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export function bench(tasks: readonly Task[], { rounds = 9, roundMs = 250, warmupMs = 300 } = {}): TaskResult[] {
  for (const t of tasks) runFor(t.fn, warmupMs);
  const samples = new Map<string, number[]>(tasks.map((t) => [t.name, []]));
  for (let r = 0; r < rounds; r++) {
    for (const t of r % 2 ? [...tasks].reverse() : tasks) {
      const start = performance.now();
      const ops = runFor(t.fn, roundMs);
      samples.get(t.name)!.push((ops / (performance.now() - start)) * 1000);
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return tasks.map((t) => {
    const opsPerSec = median(samples.get(t.name)!);
    return { name: t.name, opsPerSec, usPerOp: 1e6 / opsPerSec };
  });
}

export function printTable(results: readonly TaskResult[], baseline: string): void {
  const base = results.find((r) => r.name === baseline)!;
  const width = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    console.log(
      `${r.name.padEnd(width)}  ${Math.round(r.opsPerSec).toLocaleString('en').padStart(9)} ops/s  ${r.usPerOp.toFixed(1).padStart(6)} µs/op  ${(r.opsPerSec / base.opsPerSec).toFixed(2)}× ${baseline}`,
    );
  }
}
