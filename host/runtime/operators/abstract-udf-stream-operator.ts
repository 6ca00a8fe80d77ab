// Base of operators that run a user function: per-subtask function instance, open/close lifecycle
// (Flink's AbstractUdfStreamOperator).
import { closeFunction, instantiateFunction, openFunction } from "../../api/function-utils.js";
import { AbstractStreamOperator, type OperatorSetup } from "../stream-operator.js";

export abstract class AbstractUdfStreamOperator<OUT, F> extends AbstractStreamOperator<OUT> {
  /** This subtask's own copy of the user function. */
  protected readonly userFunction: F;
  constructor(userFunction: F) {
    super();
    this.userFunction = instantiateFunction(userFunction);
  }
  override setup(setup: OperatorSetup): void {
    super.setup(setup);
  }
  override open(): void {
    super.open();
    openFunction(this.userFunction, this.setupInfo.runtimeContext);
  }
  override finish(): void {
    super.finish();
    const fn = this.userFunction as { finish?: () => void };
    if (fn !== null && typeof fn === "object" && typeof fn.finish === "function") fn.finish();
  }
  override close(): void {
    try {
      closeFunction(this.userFunction);
    } finally {
      super.close();
    }
  }
}
