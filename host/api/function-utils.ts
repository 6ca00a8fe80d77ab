// How the runtime turns user function values into per-subtask instances and plain callables.
import type { RuntimeContext } from "./runtime-context.js";
import type { LifecycleHooks } from "./functions.js";

/**
 * A fresh copy of a user function object for one parallel instance, as Flink gets by deserialising the function
 * per subtask (and again on every restart): same prototype, own fields copied, arrays/maps/sets/plain objects
 * copied one level deep, so instances never share mutable fields. Plain functions are returned as they are.
 */
export function instantiateFunction<F>(fn: F): F {
  if (typeof fn !== "object" || fn === null) return fn;
  const copy = Object.create(Object.getPrototypeOf(fn)) as Record<string | symbol, unknown>;
  for (const name of Reflect.ownKeys(fn)) {
    const desc = Object.getOwnPropertyDescriptor(fn, name)!;
    if ("value" in desc) desc.value = copyField(desc.value);
    Object.defineProperty(copy, name, desc);
  }
  return copy as F;
}

function copyField(v: unknown): unknown {
  if (Array.isArray(v)) return v.slice();
  if (v instanceof Map) return new Map(v);
  if (v instanceof Set) return new Set(v);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return { ...v };
  return v;
}

/**
 * Resolves a function-or-object user function to a callable bound to its object, once at operator setup, so the
 * per-record path is a direct call.
 */
export function bindUserFunction<A extends unknown[], R>(fn: unknown, method: string, what: string): (...args: A) => R {
  if (typeof fn === "function") return fn as (...args: A) => R;
  if (fn !== null && typeof fn === "object") {
    const m = (fn as Record<string, unknown>)[method];
    if (typeof m === "function") return m.bind(fn) as (...args: A) => R;
  }
  throw new TypeError(`${what} must be a function or an object with a '${method}' method`);
}

/** Gives the function its runtime context and calls its `open` (Flink's FunctionUtils.openFunction). */
export function openFunction(fn: unknown, context: RuntimeContext): void {
  if (fn === null || typeof fn !== "object") return;
  const hooks = fn as LifecycleHooks;
  if (typeof hooks.setRuntimeContext === "function") hooks.setRuntimeContext(context);
  if (typeof hooks.open === "function") hooks.open(context);
}

/** Calls the function's `close`, if any (Flink's FunctionUtils.closeFunction). */
export function closeFunction(fn: unknown): void {
  if (fn === null || typeof fn !== "object") return;
  const hooks = fn as LifecycleHooks;
  if (typeof hooks.close === "function") hooks.close();
}
