import { Redis, type RedisOptions } from 'ioredis';
import { BackendUnavailableError, InfrastructureError, InvalidArgumentError } from '@limit/core';

/** The queue the coordinator and the workers share unless told otherwise. */
export const DEFAULT_CRITICAL_N_QUEUE = 'limit-critical-n';

/** Redis hash where workers advertise their concurrency. */
export const workersKey = (queue: string) => `limit:${queue}:workers`;
/** A random value set once per Redis dataset: when it changes or vanishes, Redis lost its data. */
export const epochKey = (queue: string) => `limit:${queue}:epoch`;
/** The set of coordinators (experiments) that wait for a job: it is removed only when the last one leaves. */
export const ownersKey = (queue: string, jobId: string) => `limit:${queue}:owners:${jobId}`;

/**
 * Checks a Redis URL: `redis://host:port[/db]` or `rediss://…`, with a database index that is a decimal integer.
 *
 * @param url - the URL.
 * @param parameter - the option named in errors.
 * @returns the URL.
 * @throws InvalidArgumentError naming `parameter`.
 */
export function checkUrl(url: unknown, parameter: string): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new InvalidArgumentError({ parameter, value: url, message: `${parameter} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}` });
  }
  let db: string;
  try {
    db = new URL(url).pathname.replace(/^\//, '');
  } catch {
    throw new InvalidArgumentError({ parameter, value: url, message: `${parameter} is not a valid URL: ${JSON.stringify(url)}` });
  }
  if (db !== '' && !/^\d{1,5}$/.test(db)) {
    throw new InvalidArgumentError({ parameter, value: url, message: `${parameter} names database ${JSON.stringify(db)}; a Redis database is a number (redis://host:port/0)` });
  }
  return url;
}

/** The database index a URL names (0 when it names none). */
export function databaseOf(url: string): number {
  const db = new URL(url).pathname.replace(/^\//, '');
  return db === '' ? 0 : Number(db);
}

/**
 * Checks a BullMQ queue name: letters, digits, `.`, `_` and `-` (BullMQ builds its Redis keys with `:`), at most
 * 100 characters.
 *
 * @param name - the queue name.
 * @param parameter - the option named in errors.
 * @returns the name.
 * @throws InvalidArgumentError naming `parameter`.
 */
export function checkQueueName(name: unknown, parameter: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9._-]{1,100}$/.test(name)) {
    throw new InvalidArgumentError({
      parameter,
      value: name,
      message: `${parameter} must be 1–100 letters, digits, ".", "_" or "-" (BullMQ keys use ":"), got ${JSON.stringify(name)}`,
    });
  }
  return name;
}

/**
 * Connects once without retries so an unreachable Redis is reported within the timeout, naming the URL, and
 * selects the URL's database explicitly, so one that does not exist is a typed error now (a client told to use it
 * would otherwise retry forever).
 *
 * @throws BackendUnavailableError naming the URL when Redis does not answer within `timeoutMs`;
 *   InvalidArgumentError naming `parameter` when the database does not exist.
 */
export async function assertReachable(url: string, timeoutMs: number, parameter = 'redis'): Promise<void> {
  const db = databaseOf(url);
  const probe = new Redis(url, { db: 0, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await withTimeout(probe.connect().then(() => probe.ping()), timeoutMs, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    probe.disconnect();
    throw new BackendUnavailableError({
      backend: `redis at ${url}`,
      available: ['in-process', 'local'],
      reason: `cannot reach Redis at ${url}: ${(error as Error).message || String(error)}`,
    });
  }
  try {
    if (db !== 0) await withTimeout(probe.select(db), timeoutMs, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    throw new InvalidArgumentError({
      parameter,
      value: url,
      message: `${parameter} ${url}: Redis refused database ${db} (${(error as Error).message}); use a database index the server has (redis-server's "databases" setting, 16 by default: 0–15)`,
    });
  } finally {
    probe.disconnect();
  }
}

/**
 * A client for BullMQ (commands wait while it reconnects; callers bound their waits). Errors are passed to
 * `onError` (one line each) instead of ioredis' unhandled-error dumps.
 */
export const connect = (url: string, onError: (error: Error) => void = () => {}, options: RedisOptions = {}) => {
  const client = new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(times * 200, 2000), ...options });
  client.on('error', onError);
  return client;
};

/**
 * Rejects with an InfrastructureError when `promise` does not settle within `ms` (a Redis command waiting on a
 * lost connection would wait forever).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string, service = 'redis'): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new InfrastructureError({ service, message })), ms);
    (timer as { unref?: () => void }).unref?.();
  });
  promise.catch(() => {}); // settled later (or never): not an unhandled rejection
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
