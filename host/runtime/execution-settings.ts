// Job-wide execution settings every layer of the runtime reads (resolved once from the environment).

export interface ExecutionSettings {
  /** Periodic watermark interval in ms (0: no periodic watermarks). */
  readonly autoWatermarkInterval: number;
  /**
   * BATCH execution (Flink's RuntimeExecutionMode.BATCH, or AUTOMATIC with only bounded sources): event time
   * jumps to the end of input at once (no intermediate watermarks) and rolling aggregations emit only their
   * final value per key.
   */
  readonly batch: boolean;
  /** Records a channel buffers before its producer is backpressured. */
  readonly channelCapacity: number;
}
