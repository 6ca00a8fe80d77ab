// Side-output tags (Flink's OutputTag).

/**
 * Names a side output of type `T`. Records emitted with `ctx.output(tag, value)` are read with
 * `stream.getSideOutput(tag)`. Two tags are the same side output when their ids are equal, as in Flink.
 *
 * @example
 * const late = new OutputTag<string>("late");
 * const main = stream.process({ processElement(v, ctx, out) { v.length > 3 ? out.collect(v) : ctx.output(late, v); } });
 * main.getSideOutput(late).print();
 */
export class OutputTag<T> {
  /** Phantom field carrying `T` for type inference; never set. */
  declare readonly __type?: T;
  constructor(readonly id: string) {
    if (typeof id !== "string" || id.length === 0) throw new TypeError("OutputTag id must be a non-empty string");
  }
  toString(): string {
    return `OutputTag(${this.id})`;
  }
}
