// Keyed state and timers: Flink's fraud detection walkthrough. A small transaction (< 1.00) followed within one
// minute by a large one (> 500.00) on the same account raises an alert. Per account, a ValueState remembers
// the small transaction and a processing-time timer forgets it after a minute.
//
//   rivulet run examples/fraud-detection.ts
import { type Collector, KeyedProcessFunction, type KeyedProcessContext, type ValueState, ValueStateDescriptor, Types, type StreamExecutionEnvironment } from "rivulet";

export interface Transaction {
  accountId: number;
  amount: number;
}

const SMALL_AMOUNT = 1.0;
const LARGE_AMOUNT = 500.0;
const ONE_MINUTE = 60_000;

export class FraudDetector extends KeyedProcessFunction<number, Transaction, string> {
  private flag!: ValueState<boolean>;
  private timer!: ValueState<number>;

  override open(): void {
    this.flag = this.getRuntimeContext().getState(new ValueStateDescriptor<boolean>("flag", Types.BOOLEAN));
    this.timer = this.getRuntimeContext().getState(new ValueStateDescriptor<number>("timer-state", Types.LONG));
  }

  processElement(tx: Transaction, ctx: KeyedProcessContext<number>, out: Collector<string>): void {
    if (this.flag.value() !== null) {
      if (tx.amount > LARGE_AMOUNT) out.collect(`ALERT account ${tx.accountId}: small transaction followed by ${tx.amount.toFixed(2)}`);
      this.cleanUp(ctx);
    }
    if (tx.amount < SMALL_AMOUNT) {
      this.flag.update(true);
      const at = ctx.timerService().currentProcessingTime() + ONE_MINUTE;
      ctx.timerService().registerProcessingTimeTimer(at);
      this.timer.update(at);
    }
  }

  override onTimer(): void {
    this.timer.clear();
    this.flag.clear();
  }

  private cleanUp(ctx: KeyedProcessContext<number>): void {
    const at = this.timer.value();
    if (at !== null) ctx.timerService().deleteProcessingTimeTimer(at);
    this.timer.clear();
    this.flag.clear();
  }
}

/** A fixed stream of transactions: account 3 shows the fraud pattern twice, account 1 once. */
export const TRANSACTIONS: Transaction[] = [
  { accountId: 1, amount: 188.23 },
  { accountId: 2, amount: 374.79 },
  { accountId: 3, amount: 0.59 },
  { accountId: 3, amount: 712.34 },
  { accountId: 1, amount: 0.12 },
  { accountId: 2, amount: 0.8 },
  { accountId: 2, amount: 20.5 },
  { accountId: 1, amount: 901.1 },
  { accountId: 3, amount: 0.27 },
  { accountId: 3, amount: 633.01 },
  { accountId: 4, amount: 510.0 },
];

export default async function fraudDetection(env: StreamExecutionEnvironment): Promise<void> {
  env
    .fromCollection(TRANSACTIONS)
    .name("transactions")
    .keyBy((tx) => tx.accountId)
    .process(new FraudDetector())
    .name("fraud-detector")
    .uid("fraud-detector")
    .print();
  await env.execute("Fraud Detection");
}
