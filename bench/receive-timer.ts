/**
 * Interleaved micro-benchmark for receive(): like ./harness, but each round is timed in CPU time of this
 * process (process.cpuUsage) as well as wall time. On a shared machine wall time also counts the rounds spent
 * descheduled; CPU time does not, so its same-run ratios are the steadier figure. Both are medians of rounds, and
 * a ratio is the median of the rounds' ratios (roundRatio).
 */
export interface Task {
  readonly name: string;
  readonly fn: () => unknown;
}

export interface Timing {
  readonly name: string;
  /** Median CPU µs per call. */
  readonly cpuUs: number;
  /** Median wall-clock µs per call. */
  readonly wallUs: number;
  /** CPU µs per call in each round, in round order. */
  readonly cpuRounds: readonly number[];
  readonly wallRounds: readonly number[];
}

/**
 * `of` against `base`: the median of their ratios round by round. Both ran back to back in every round, so a
 * machine whose speed drifts during the run moves both sides of each ratio alike.
 */
export function roundRatio(of: Timing, base: Timing, clock: 'cpu' | 'wall' = 'cpu'): number {
  const [a, b] = clock === 'cpu' ? [of.cpuRounds, base.cpuRounds] : [of.wallRounds, base.wallRounds];
  return median(a.map((value, r) => value / b[r]!));
}

let sink: unknown;

function run(fn: () => unknown, ops: number): void {
  for (let i = 0; i < ops; i++) sink = fn();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Calls per round so that one round lasts about `roundMs` of CPU. */
function calibrate(fn: () => unknown, roundMs: number): number {
  let ops = 100;
  for (;;) {
    const start = process.cpuUsage();
    run(fn, ops);
    const used = process.cpuUsage(start);
    const ms = (used.user + used.system) / 1000;
    if (ms >= roundMs / 4) return Math.max(100, Math.round((ops * roundMs) / Math.max(ms, 0.001)));
    ops *= 4;
  }
}

export function time(tasks: readonly Task[], { rounds = 15, roundMs = 120, warmupMs = 300 } = {}): Timing[] {
  const ops = tasks.map((t) => {
    const end = performance.now() + warmupMs;
    while (performance.now() < end) run(t.fn, 100);
    return calibrate(t.fn, roundMs);
  });
  const cpu = tasks.map((): number[] => []);
  const wall = tasks.map((): number[] => []);
  for (let r = 0; r < rounds; r++) {
    const order = tasks.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order) {
      const n = ops[i]!;
      const wallStart = performance.now();
      const cpuStart = process.cpuUsage();
      run(tasks[i]!.fn, n);
      const used = process.cpuUsage(cpuStart);
      wall[i]!.push(((performance.now() - wallStart) * 1000) / n);
      cpu[i]!.push((used.user + used.system) / n);
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return tasks.map((t, i) => ({
    name: t.name,
    cpuUs: median(cpu[i]!),
    wallUs: median(wall[i]!),
    cpuRounds: cpu[i]!,
    wallRounds: wall[i]!,
  }));
}
