// A bounded source over an in-memory collection (Flink's fromElements / fromCollection): one split whose
// position is the number of elements already emitted, so a restore resumes exactly after them.
import type { InputStatus, ReaderOutput, Source, SourceReader } from "../api/source.js";

export interface CollectionSplit {
  readonly position: number;
}

/** Emits per poll at most this many elements, so one poll never monopolises the task. */
const BATCH = 64;

export class CollectionSource<T> implements Source<T, CollectionSplit> {
  readonly boundedness = "BOUNDED" as const;
  readonly maxParallelism = 1;
  constructor(private readonly elements: Iterable<T>) {}
  createSplits(): CollectionSplit[] {
    return [{ position: 0 }];
  }
  createReader(): SourceReader<T, CollectionSplit> {
    return new CollectionReader(this.elements);
  }
}

class CollectionReader<T> implements SourceReader<T, CollectionSplit> {
  private iterator: Iterator<T> | null = null;
  private position = 0;
  private assigned = false;
  constructor(private readonly elements: Iterable<T>) {}
  addSplits(splits: CollectionSplit[]): void {
    if (splits.length === 0) return;
    this.assigned = true;
    this.position = Math.max(...splits.map((s) => s.position));
    this.iterator = this.elements[Symbol.iterator]();
    // Skip what was emitted before the checkpoint we restore from.
    for (let i = 0; i < this.position; i++) if (this.iterator.next().done) break;
  }
  pollNext(output: ReaderOutput<T>): InputStatus {
    const it = this.iterator;
    if (!this.assigned || it === null) return "END_OF_INPUT";
    for (let i = 0; i < BATCH; i++) {
      const r = it.next();
      if (r.done) {
        this.iterator = null;
        return "END_OF_INPUT";
      }
      this.position++;
      output.collect(r.value);
    }
    return "MORE_AVAILABLE";
  }
  isAvailable(): Promise<void> {
    return Promise.resolve();
  }
  snapshotState(): CollectionSplit[] {
    return this.assigned ? [{ position: this.position }] : [];
  }
}
