// The `rivulet` package root for Node and Deno: the whole library plus file and socket access.
import { nodePlatform } from "./connectors/node/node-platform.js";
import { setPlatform } from "./runtime/platform.js";

setPlatform(nodePlatform);

export * from "./index.js";
export { nodePlatform } from "./connectors/node/node-platform.js";
