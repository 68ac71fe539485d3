export interface CircuitOptions {
  /** Consecutive failed attempts (timeouts, connection errors, 5xx, 429) that open the circuit. */
  readonly threshold: number;
  /** How long it stays open before one probe; doubles after each failed probe, up to maxCooldownMs. */
  readonly cooldownMs: number;
  readonly maxCooldownMs: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * One hook's circuit breaker (per instance). Closed: every attempt goes. Open: none, until the cool-down
 * ends. Half-open: one probe; its success closes the circuit, its failure opens it again for longer.
 */
export class Circuit {
  private failures = 0;
  private openUntil = 0;
  private cooldown: number;
  private probing = false;
  private state_: CircuitState = 'closed';

  constructor(private readonly options: CircuitOptions) {
    this.cooldown = options.cooldownMs;
  }

  state(now = Date.now()): CircuitState {
    if (this.state_ === 'open' && now >= this.openUntil) this.state_ = 'half-open';
    return this.state_;
  }

  /** How many attempts may start now: unlimited (Infinity), none, or the one probe. */
  allowance(now = Date.now()): number {
    const s = this.state(now);
    if (s === 'closed') return Infinity;
    if (s === 'open' || this.probing) return 0;
    return 1;
  }

  /** Milliseconds until an open circuit lets a probe through. */
  reopensInMs(now = Date.now()): number {
    return this.state(now) === 'open' ? this.openUntil - now : 0;
  }

  started(now = Date.now()): void {
    if (this.state(now) === 'half-open') this.probing = true;
  }

  /** A started attempt that was not made after all (its lease ran short, its event was gone): no verdict. */
  abandon(): void {
    this.probing = false;
  }

  success(): void {
    this.failures = 0;
    this.probing = false;
    this.cooldown = this.options.cooldownMs;
    this.state_ = 'closed';
  }

  /**
   * The subscriber answered, though not with a 2xx (a 4xx, a 508): it is up, so for the circuit this is a
   * success — a half-open probe's answer closes it (otherwise the probe would stay pending and the lane
   * would never send again), and a run of unavailability it interrupts starts over.
   */
  answered(): void {
    this.success();
  }

  /** Answers whether this failure opened the circuit. */
  failure(now = Date.now()): boolean {
    const s = this.state(now);
    if (s === 'half-open' && this.probing) {
      this.probing = false;
      this.cooldown = Math.min(this.options.maxCooldownMs, this.cooldown * 2);
      return this.open(now);
    }
    if (s !== 'closed') return false;
    this.failures++;
    return this.failures >= this.options.threshold ? this.open(now) : false;
  }

  /**
   * An operator asked for a delivery now (a retry, the hook enabled): an open circuit lets its probe
   * through at once instead of after the cool-down. The probe's outcome decides as always: a failure
   * opens it again, for twice as long.
   */
  probeNow(now = Date.now()): void {
    if (this.state(now) === 'open') this.openUntil = now;
  }

  private open(now: number): true {
    this.state_ = 'open';
    this.openUntil = now + this.cooldown;
    this.failures = 0;
    return true;
  }
}
