import {
  createJsEngine
} from "./chunk-DPU5VE6L.js";
export {
  createJsEngine
};
