// Checkpoint formats: the state codec, CRC-32, the _metadata envelope, task state segments, and Flink's
// operator state repartitioning.
import { describe, expect, it } from "vitest";
import {
  type CheckpointMetadata,
  crc32,
  decodeMetadata,
  decodeSegment,
  decodeValue,
  encodeMetadata,
  encodeTaskState,
  encodeValue,
  repartitionOperatorState,
} from "../../host/index.js";

describe("state codec", () => {
  it("round-trips what structured clone supports", () => {
    const value = {
      n: 1.5,
      neg0: -0,
      inf: [Infinity, -Infinity, NaN],
      big: 12345678901234567890n,
      u: undefined,
      map: new Map<unknown, unknown>([[{ k: 1 }, new Set(["a"])]]),
      date: new Date(86_400_000),
      re: /a+b/gi,
      typed: new Float64Array([1, 2.5]),
      nested: [{ "\u0000": "looks like a tag" }],
      text: "line\nbreak \u2028 \u0000",
    };
    const text = encodeValue(value);
    expect(text.includes("\n")).toBe(false);
    const back = decodeValue(text) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.neg0, -0)).toBe(true);
    expect(back.map).toBeInstanceOf(Map);
  });
  it("refuses functions", () => {
    expect(() => encodeValue({ f: () => 1 })).toThrow(/structured-cloneable/);
  });
});

describe("crc32", () => {
  it("matches the standard check value and continues across chunks", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
  });
});

describe("_metadata", () => {
  const meta: CheckpointMetadata = {
    formatVersion: 1,
    checkpointId: 42,
    jobId: "a".repeat(32),
    jobName: "job",
    kind: "savepoint",
    timestamp: 1_700_000_000_000,
    completed: 1_700_000_000_123,
    files: [{ path: "task-1-0.state", length: 10, crc32: 7 }],
    operators: [
      { operatorId: "counter", name: "KeyedProcess", uid: "counter", parallelism: 2, maxParallelism: 128, subtasks: [
        { subtaskIndex: 0, finished: false, fileIndex: 0, offset: 0, length: 10 },
        { subtaskIndex: 1, finished: true, fileIndex: -1, offset: 0, length: 0 },
      ] },
    ],
  };
  it("round-trips through FlatBuffers", () => {
    expect(decodeMetadata(encodeMetadata(meta), "m")).toEqual(meta);
  });
  it("detects truncation, corruption and unknown versions", () => {
    const bytes = encodeMetadata(meta);
    expect(() => decodeMetadata(bytes.subarray(0, bytes.length - 1), "m")).toThrow(/truncated/);
    const flipped = bytes.slice();
    flipped[flipped.length - 5]! ^= 0xff;
    expect(() => decodeMetadata(flipped, "m")).toThrow(/checksum mismatch/);
    const future = bytes.slice();
    new DataView(future.buffer).setUint32(8, 2, true);
    expect(() => decodeMetadata(future, "m")).toThrow(/format version 2 is not supported/);
    expect(() => decodeMetadata(new TextEncoder().encode("not a checkpoint at all"), "m")).toThrow(/bad magic/);
  });
});

describe("task state segments", () => {
  it("encode operator snapshots and decode them, skipping key groups a restore does not own", async () => {
    const keyed = {
      backend: "heap",
      maxParallelism: 128,
      states: [{ name: "count", kind: "value" }],
      keyGroups: [
        { keyGroup: 3, entries: [["count", "", "a", 1] as const] },
        { keyGroup: 90, entries: [["count", "", { id: 2 }, new Map([[1, 2]])] as const] },
      ],
    };
    const encoded = await encodeTaskState(
      [
        { operatorId: "src", operatorState: { lists: [{ name: "SourceReaderState", mode: "split", items: [{ next: 5 }] }], broadcast: [] } },
        { operatorId: "empty", operatorState: { lists: [], broadcast: [] } },
        { operatorId: "counter", keyed },
      ],
      async () => {},
    );
    expect(encoded.segments[1]).toBeNull();
    const bytes = new Uint8Array(encoded.length);
    let at = 0;
    for (const c of encoded.chunks) bytes.set(c, (at += c.length) - c.length);
    const seg = encoded.segments[2]!;
    const all = decodeSegment(bytes.subarray(seg.offset, seg.offset + seg.length));
    expect(all.snapshot.keyed).toEqual(keyed);
    const some = decodeSegment(bytes.subarray(seg.offset, seg.offset + seg.length), (kg) => kg < 64);
    expect(some.snapshot.keyed!.keyGroups.map((k) => k.keyGroup)).toEqual([3]);
  });
});

describe("operator state repartitioning (Flink's RoundRobinOperatorStateRepartitioner)", () => {
  const split = (name: string, items: number[]) => ({ name, mode: "split" as const, items });
  it("cuts split lists into contiguous shares, the larger ones rotating across state names", () => {
    const old = [
      { lists: [split("a", [1, 2, 3, 4]), split("b", [10, 11])], broadcast: [] },
      { lists: [split("a", [5, 6, 7]), split("b", [12, 13, 14])], broadcast: [] },
    ];
    const out = repartitionOperatorState(old, 3);
    const a = out.map((s) => s.lists.find((l) => l.name === "a")!.items);
    const b = out.map((s) => s.lists.find((l) => l.name === "b")!.items);
    expect(a).toEqual([[1, 2, 3], [4, 5], [6, 7]]);
    // 5 items over 3: the extra items go to the subtasks after the last larger share of "a".
    expect((b.flat() as number[]).sort((x, y) => x - y)).toEqual([10, 11, 12, 13, 14]);
    expect(b.map((x) => x.length).sort()).toEqual([1, 2, 2]);
  });
  it("gives union lists to everyone and copies broadcast state", () => {
    const old = [
      { lists: [{ name: "u", mode: "union" as const, items: ["x"] }], broadcast: [{ name: "rules", entries: [["k", 1]] as Array<[unknown, unknown]> }] },
      { lists: [{ name: "u", mode: "union" as const, items: ["y"] }], broadcast: [{ name: "rules", entries: [["k", 1]] as Array<[unknown, unknown]> }] },
    ];
    const out = repartitionOperatorState(old, 3);
    for (const s of out) {
      expect(s.lists).toEqual([{ name: "u", mode: "union", items: ["x", "y"] }]);
      expect(s.broadcast).toEqual([{ name: "rules", entries: [["k", 1]] }]);
    }
  });
});
