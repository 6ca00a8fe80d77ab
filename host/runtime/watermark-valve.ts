// Combines the watermarks of a task's input channels into one watermark (Flink's StatusWatermarkValve).

/**
 * Per-channel watermarks and idleness for one logical input. The output watermark is the minimum over the
 * active (non-idle, aligned) channels, it only moves forward, and when every channel is idle the input is idle.
 * A channel that becomes active again rejoins the minimum once its watermark has caught up with the output.
 */
export class StatusWatermarkValve {
  private readonly watermarks: Float64Array;
  private readonly idle: Uint8Array;
  private readonly aligned: Uint8Array;
  private lastOutputWatermark = Number.NEGATIVE_INFINITY;
  private allIdle = false;

  constructor(
    numberOfChannels: number,
    private readonly onWatermark: (timestamp: number) => void,
    private readonly onIdleChange: (idle: boolean) => void,
  ) {
    this.watermarks = new Float64Array(numberOfChannels).fill(Number.NEGATIVE_INFINITY);
    this.idle = new Uint8Array(numberOfChannels);
    this.aligned = new Uint8Array(numberOfChannels).fill(1);
  }

  get outputWatermark(): number {
    return this.lastOutputWatermark;
  }

  inputWatermark(timestamp: number, channel: number): void {
    if (this.idle[channel] === 1 || timestamp <= this.watermarks[channel]!) return;
    this.watermarks[channel] = timestamp;
    if (this.aligned[channel] === 0 && timestamp >= this.lastOutputWatermark) this.aligned[channel] = 1;
    this.findAndOutputNewMinWatermark();
  }

  inputIdle(idle: boolean, channel: number): void {
    const wasIdle = this.idle[channel] === 1;
    if (idle === wasIdle) return;
    if (idle) {
      this.idle[channel] = 1;
      this.aligned[channel] = 0;
      if (this.allChannelsIdle()) {
        // The last active channel went idle: flush the highest watermark seen (Flink does the same), then go idle.
        this.findAndOutputMaxWatermark();
        this.allIdle = true;
        this.onIdleChange(true);
      } else {
        this.findAndOutputNewMinWatermark();
      }
    } else {
      this.idle[channel] = 0;
      if (this.watermarks[channel]! >= this.lastOutputWatermark) this.aligned[channel] = 1;
      if (this.allIdle) {
        this.allIdle = false;
        this.onIdleChange(false);
      }
    }
  }

  /** A finished channel no longer holds the watermark back. */
  channelFinished(channel: number): void {
    this.idle[channel] = 1;
    this.aligned[channel] = 0;
    if (!this.allChannelsIdle()) this.findAndOutputNewMinWatermark();
  }

  private allChannelsIdle(): boolean {
    for (let i = 0; i < this.idle.length; i++) if (this.idle[i] === 0) return false;
    return true;
  }

  private findAndOutputNewMinWatermark(): void {
    let min = Number.POSITIVE_INFINITY;
    let any = false;
    for (let i = 0; i < this.watermarks.length; i++) {
      if (this.aligned[i] === 1 && this.idle[i] === 0) {
        any = true;
        if (this.watermarks[i]! < min) min = this.watermarks[i]!;
      }
    }
    if (any && min > this.lastOutputWatermark) {
      this.lastOutputWatermark = min;
      this.onWatermark(min);
    }
  }

  private findAndOutputMaxWatermark(): void {
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < this.watermarks.length; i++) if (this.watermarks[i]! > max) max = this.watermarks[i]!;
    if (max > this.lastOutputWatermark) {
      this.lastOutputWatermark = max;
      this.onWatermark(max);
    }
  }
}
