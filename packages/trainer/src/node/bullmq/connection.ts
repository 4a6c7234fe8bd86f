import { Redis } from 'ioredis';
import { BackendUnavailableError, InvalidArgumentError } from '@limit/core';

/** The queue the coordinator and the workers share unless told otherwise. */
export const DEFAULT_CRITICAL_N_QUEUE = 'limit-critical-n';

/** Redis hash where workers advertise their concurrency. */
export const workersKey = (queue: string) => `limit:${queue}:workers`;

export function checkUrl(url: unknown, parameter: string): string {
  if (typeof url !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(url)) {
    throw new InvalidArgumentError({ parameter, value: url, message: `${parameter} must be a Redis URL like redis://127.0.0.1:6379, got ${JSON.stringify(url)}` });
  }
  return url;
}

/** Connects once without retries so an unreachable Redis is reported within the timeout, naming the URL. */
export async function assertReachable(url: string, timeoutMs: number): Promise<void> {
  const probe = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  probe.on('error', () => {});
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
  } catch (error) {
    throw new BackendUnavailableError({
      backend: `redis at ${url}`,
      available: ['in-process', 'local'],
      reason: `cannot reach Redis at ${url}: ${(error as Error).message || String(error)}`,
    });
  } finally {
    probe.disconnect();
  }
}

export const connect = (url: string) => {
  const client = new Redis(url, { maxRetriesPerRequest: null });
  client.on('error', () => {}); // reconnects on its own; failures surface through the commands
  return client;
};
