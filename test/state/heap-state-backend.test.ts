import { HashMapStateBackend } from "../../host/index.js";
import { keyedStateBackendContract } from "./state-backend-contract.js";

keyedStateBackendContract("HashMapStateBackend", () => new HashMapStateBackend());
