import {
  createTfjsEngine
} from "./chunk-SM2SZ5V7.js";
export {
  createTfjsEngine
};
