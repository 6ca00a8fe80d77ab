// Expands a JobGraph into parallel tasks connected by channels (the ExecutionGraph of Flink, on one thread).
import type { JobGraph, JobVertex } from "../graph/job-graph.js";
import type { StreamEdge } from "../graph/stream-graph.js";
import type { StateBackend } from "../state/keyed-state-backend.js";
import { Channel } from "./channel.js";
import type { ExecutionSettings } from "./execution-settings.js";
import type { JobMetrics } from "./metrics.js";
import type { Clock } from "./processing-time-service.js";
import { RecordWriter } from "./record-writer.js";
import { NOTHING_RESTORED, type SubtaskRestore } from "../checkpoint/state-assignment.js";
import { StreamTask, type TaskCheckpointResponder } from "./stream-task.js";

export interface DeploymentOptions {
  readonly attemptNumber: number;
  readonly stateBackend: StateBackend;
  readonly clock: Clock;
  readonly metrics: JobMetrics;
  readonly settings: ExecutionSettings;
  /** Restored state per vertex and subtask index. */
  readonly restored: (vertex: JobVertex, subtaskIndex: number) => SubtaskRestore;
  /** The checkpoint coordinator's side of the task, when checkpointing or savepoints are possible. */
  readonly checkpointResponder?: TaskCheckpointResponder | null;
}

/**
 * Consumers that producer `i` of a pointwise edge feeds (Flink's POINTWISE distribution): with more producers
 * than consumers each consumer reads a contiguous group of producers, with fewer each producer feeds a
 * contiguous group of consumers.
 */
export function pointwiseTargets(i: number, producers: number, consumers: number): number[] {
  if (producers >= consumers) return [Math.floor((i * consumers) / producers)];
  const out: number[] = [];
  for (let j = 0; j < consumers; j++) if (Math.floor((j * producers) / consumers) === i) out.push(j);
  return out;
}

export interface Deployment {
  readonly tasks: StreamTask[];
  readonly tasksByVertex: ReadonlyMap<JobVertex, StreamTask[]>;
}

export function deploy(graph: JobGraph, options: DeploymentOptions, wake: () => void): Deployment {
  const inputs = new Map<JobVertex, Array<Array<{ channel: Channel; input: 1 | 2 }>>>();
  const writers = new Map<JobVertex, Array<Map<StreamEdge, RecordWriter>>>();
  const links: Array<{ channel: Channel; producer: [JobVertex, number]; consumer: [JobVertex, number] }> = [];
  for (const v of graph.vertices) {
    inputs.set(v, Array.from({ length: v.parallelism }, () => []));
    writers.set(v, Array.from({ length: v.parallelism }, () => new Map()));
  }
  for (const v of graph.vertices) {
    for (const edge of v.outputEdges) {
      const target = graph.vertexOf.get(edge.target)!;
      for (let i = 0; i < v.parallelism; i++) {
        const consumers = edge.partitioner.isPointwise
          ? pointwiseTargets(i, v.parallelism, target.parallelism)
          : Array.from({ length: target.parallelism }, (_, j) => j);
        const channels = consumers.map((j) => {
          const channel = new Channel(options.settings.channelCapacity);
          inputs.get(target)![j]!.push({ channel, input: edge.typeNumber });
          channel.consumerInfo = { operatorId: target.nodes[0]!.operatorId, subtaskIndex: j, input: edge.typeNumber };
          links.push({ channel, producer: [v, i], consumer: [target, j] });
          return channel;
        });
        const partitioner = edge.partitioner.copy();
        partitioner.setup(channels.length, i);
        writers.get(v)![i]!.set(edge, new RecordWriter(channels, partitioner));
      }
    }
  }
  const tasks: StreamTask[] = [];
  const tasksByVertex = new Map<JobVertex, StreamTask[]>();
  for (const v of graph.vertices) {
    const list: StreamTask[] = [];
    for (let i = 0; i < v.parallelism; i++) {
      const task = new StreamTask(
        {
          vertex: v,
          subtaskIndex: i,
          attemptNumber: options.attemptNumber,
          inputs: inputs.get(v)![i]!,
          writers: writers.get(v)![i]!,
          stateBackend: options.stateBackend,
          clock: options.clock,
          metrics: options.metrics,
          settings: options.settings,
          restored: options.restored(v, i) ?? NOTHING_RESTORED,
          checkpointResponder: options.checkpointResponder ?? null,
          taskIndex: tasks.length,
        },
        wake,
      );
      list.push(task);
      tasks.push(task);
    }
    tasksByVertex.set(v, list);
  }
  for (const { channel, producer, consumer } of links) {
    channel.producer = tasksByVertex.get(producer[0])![producer[1]]!;
    channel.consumer = tasksByVertex.get(consumer[0])![consumer[1]]!;
  }
  return { tasks, tasksByVertex };
}
