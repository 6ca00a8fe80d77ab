// Side outputs: one pass over sensor readings routes valid readings to the main output and malformed or
// out-of-range ones to side outputs, so nothing is silently dropped.
//
//   rivulet run examples/side-outputs.ts
import { type Collector, OutputTag, ProcessFunction, type ProcessContext, type StreamExecutionEnvironment } from "rivulet";

export interface Reading {
  sensor: string;
  celsius: number;
}

export const MALFORMED = new OutputTag<string>("malformed");
export const OUT_OF_RANGE = new OutputTag<Reading>("out-of-range");

/** Parses "sensor,celsius" lines; bad lines and implausible temperatures go to side outputs. */
export class ParseReadings extends ProcessFunction<string, Reading> {
  processElement(line: string, ctx: ProcessContext, out: Collector<Reading>): void {
    const [sensor, value, extra] = line.split(",");
    const celsius = Number(value);
    if (!sensor || value === undefined || extra !== undefined || value.trim() === "" || Number.isNaN(celsius)) {
      ctx.output(MALFORMED, line);
    } else if (celsius < -60 || celsius > 60) {
      ctx.output(OUT_OF_RANGE, { sensor, celsius });
    } else {
      out.collect({ sensor, celsius });
    }
  }
}

export const LINES = ["s1,21.5", "s2,19.0", "garbage", "s1,999", "s3,", "s2,20.5", "s3,-3.25", "s1,22,extra"];

export default async function sideOutputs(env: StreamExecutionEnvironment): Promise<void> {
  const readings = env.fromCollection(LINES).process(new ParseReadings()).name("parse");
  readings.map((r) => `ok       ${r.sensor} ${r.celsius}`).print();
  readings.getSideOutput(MALFORMED).map((l) => `MALFORMED ${JSON.stringify(l)}`).print();
  readings.getSideOutput(OUT_OF_RANGE).map((r) => `RANGE    ${r.sensor} ${r.celsius}`).print();
  await env.execute("Side Outputs");
}
