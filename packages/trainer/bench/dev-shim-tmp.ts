import * as ort from 'onnxruntime-node';
import { createOnnxEngine } from '../src/engines/onnx-engine.js';
export async function createStepEngine(_b: string, init: any, o: any) { return createOnnxEngine(init, { ort: ort as any, ...o }); }
