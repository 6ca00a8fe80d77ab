import { WasmStateBackend } from "../../host/index.js";
import { keyedStateBackendContract } from "./state-backend-contract.js";

keyedStateBackendContract("WasmStateBackend", () => new WasmStateBackend({ managedMemoryBytes: 64 * 1024 * 1024 }));
