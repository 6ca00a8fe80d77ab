// A bounded, parallel source of the numbers from..to inclusive (Flink's NumberSequenceSource): the range is cut
// into one split per subtask; each split's state is its next number.
import type { InputStatus, ReaderOutput, Source, SourceReader } from "../api/source.js";

export interface SequenceSplit {
  readonly next: number;
  readonly to: number;
}

const BATCH = 64;

export class SequenceSource implements Source<number, SequenceSplit> {
  readonly boundedness = "BOUNDED" as const;
  constructor(
    readonly from: number,
    readonly to: number,
  ) {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) throw new RangeError("fromSequence bounds must be safe integers");
    if (from > to) throw new RangeError(`fromSequence: from (${from}) must not be greater than to (${to})`);
  }
  createSplits(parallelism: number): SequenceSplit[] {
    const total = this.to - this.from + 1;
    const splits: SequenceSplit[] = [];
    let start = this.from;
    for (let i = 0; i < parallelism; i++) {
      const size = Math.floor(total / parallelism) + (i < total % parallelism ? 1 : 0);
      if (size > 0) splits.push({ next: start, to: start + size - 1 });
      start += size;
    }
    return splits;
  }
  createReader(): SourceReader<number, SequenceSplit> {
    return new SequenceReader();
  }
}

class SequenceReader implements SourceReader<number, SequenceSplit> {
  private readonly splits: Array<{ next: number; to: number }> = [];
  addSplits(splits: SequenceSplit[]): void {
    for (const s of splits) this.splits.push({ next: s.next, to: s.to });
  }
  pollNext(output: ReaderOutput<number>): InputStatus {
    const split = this.splits[0];
    if (split === undefined) return "END_OF_INPUT";
    const end = Math.min(split.to, split.next + BATCH - 1);
    for (let n = split.next; n <= end; n++) output.collect(n);
    split.next = end + 1;
    if (split.next > split.to) this.splits.shift();
    return this.splits.length > 0 ? "MORE_AVAILABLE" : "END_OF_INPUT";
  }
  isAvailable(): Promise<void> {
    return Promise.resolve();
  }
  snapshotState(): SequenceSplit[] {
    return this.splits.map((s) => ({ next: s.next, to: s.to }));
  }
}
