import { AbortedError, InvalidArgumentError, deserializeError, serializeError, type SerializedError } from '@limit/core';
import type { CriticalNJob } from '../critical-n/job.js';
import type { TrainedCriticalNRun } from '../critical-n/train-run.js';
import type { TrainingProgress } from '../training/train-free-embeddings.js';
import type { Precision } from '../engines/contract.js';
import type { EngineDevice } from '../engines/registry.js';

/**
 * The wire format every critical-n executor speaks between a coordinator and the place a run trains (a child
 * process, a queue worker, a pod): a job goes one way; progress, the result or a typed error come back. It is
 * plain structured data (JSON-safe apart from the typed arrays of a certificate), so any transport carries it.
 * See docs/guides/writing-an-executor.md.
 */
export const EXECUTOR_WIRE_VERSION = 2;

/** Engine settings a coordinator passes with a job (not part of the job's identity: they change speed, not the run). */
export interface WireEngineOptions {
  /** Threads for the step (the native kernel's, onnxruntime's intra-op); default the engine's choice. */
  readonly threads?: number;
  /** Modules the worker imports before training, which may register engine providers (`registerEngineProvider`). */
  readonly engineModules?: readonly string[];
}

/** Coordinator → worker: train this job. */
export interface WireRunRequest {
  readonly type: 'run';
  /** The coordinator's id of this request (unique among its requests in flight). */
  readonly id: number;
  readonly job: CriticalNJob;
  readonly engineOptions?: WireEngineOptions;
}

/** One engine a worker must be able to use: the id a job names, its device, its precision. */
export interface WireEngineRequirement {
  readonly engine: string;
  readonly device?: EngineDevice;
  readonly precision: Precision;
}

/**
 * Coordinator → worker: before any job, import the engine modules and resolve these engines here (answered
 * with `checked`, or `failed` carrying the typed error, e.g. a BackendUnavailableError naming the package).
 */
export interface WireCheckRequest {
  readonly type: 'check';
  readonly id: number;
  readonly engines: readonly WireEngineRequirement[];
  readonly engineOptions?: WireEngineOptions;
}

/** Coordinator → worker: stop request `id` (a speculative run no longer needed). */
export interface WireCancelRequest {
  readonly type: 'cancel';
  readonly id: number;
}

/** Worker → coordinator: progress of request `id`. */
export interface WireProgress {
  readonly type: 'progress';
  readonly id: number;
  readonly progress: TrainingProgress;
}

/** Worker → coordinator: request `id` finished. */
export interface WireDone {
  readonly type: 'done';
  readonly id: number;
  readonly run: TrainedCriticalNRun;
}

/** Worker → coordinator: check request `id` passed: every engine resolves here (the ids it resolved to). */
export interface WireChecked {
  readonly type: 'checked';
  readonly id: number;
  /** The provider each requirement resolved to, in order. */
  readonly engines: readonly string[];
}

/** Worker → coordinator: request `id` failed with this error (a typed error keeps its class, fields and cause). */
export interface WireFailed {
  readonly type: 'failed';
  readonly id: number;
  readonly error: SerializedError;
}

/** What a coordinator sends. */
export type WireRequest = WireRunRequest | WireCheckRequest | WireCancelRequest;
/** What a worker sends back. */
export type WireReply = WireProgress | WireDone | WireChecked | WireFailed;

/**
 * The reply for a failed request: the error serialised with its class (an abort stays an `AbortedError`).
 *
 * @param id - the request id.
 * @param error - what training threw.
 * @returns the `failed` message.
 * @example
 * ```ts
 * send(failedReply(message.id, error));
 * ```
 */
export function failedReply(id: number, error: unknown): WireFailed {
  return { type: 'failed', id, error: serializeError(error) };
}

/**
 * The error a `failed` reply carries, rebuilt as its class (a `ConvergenceError` thrown in a worker is a
 * `ConvergenceError` at the coordinator).
 *
 * @param reply - the `failed` message.
 * @returns the error to reject the run with.
 * @example
 * ```ts
 * if (reply.type === 'failed') task.reject(errorOfReply(reply));
 * ```
 */
export function errorOfReply(reply: WireFailed): Error {
  return deserializeError(reply.error);
}

const FAILURE_PREFIX = 'limit-error:';

/**
 * A serialised error as one line of text, for transports that carry only a message (BullMQ's `failedReason`).
 *
 * @param error - what training threw.
 * @returns `limit-error:{…json…}`.
 * @example
 * ```ts
 * throw new Error(encodeErrorText(error)); // inside a BullMQ processor
 * ```
 */
export function encodeErrorText(error: unknown): string {
  return FAILURE_PREFIX + JSON.stringify(serializeError(error));
}

/**
 * The error inside {@link encodeErrorText}'s text, rebuilt as its class; any other text becomes a plain
 * `Error` with that message.
 *
 * @param text - a failure message from the transport.
 * @returns the error.
 * @example
 * ```ts
 * const error = decodeErrorText(job.failedReason);
 * ```
 */
export function decodeErrorText(text: string): Error {
  if (typeof text === 'string' && text.startsWith(FAILURE_PREFIX)) {
    try {
      return deserializeError(JSON.parse(text.slice(FAILURE_PREFIX.length)) as SerializedError);
    } catch {
      // not ours after all: fall through to the text itself
    }
  }
  return new Error(String(text));
}

/**
 * Checks a message from the other side is a well-formed reply (a transport may deliver anything).
 *
 * @param message - the received value.
 * @returns the reply.
 * @throws InvalidArgumentError naming `message` when it is not one.
 * @example
 * ```ts
 * child.on('message', (m) => handle(assertWireReply(m)));
 * ```
 */
export function assertWireReply(message: unknown): WireReply {
  const m = message as Partial<WireReply> | null;
  const ok =
    m !== null &&
    typeof m === 'object' &&
    typeof m.id === 'number' &&
    ((m.type === 'progress' && typeof (m as WireProgress).progress === 'object') ||
      (m.type === 'done' && typeof (m as WireDone).run === 'object') ||
      (m.type === 'checked' && Array.isArray((m as WireChecked).engines)) ||
      (m.type === 'failed' && typeof (m as WireFailed).error === 'object'));
  if (!ok) throw new InvalidArgumentError({ parameter: 'message', value: message, message: 'not an executor reply ({ type: progress | done | checked | failed, id, … })' });
  return m as WireReply;
}

/** True when an error means the run was stopped on purpose (not a failure to record). */
export function isAbort(error: unknown): boolean {
  return AbortedError.isInstance(error);
}
