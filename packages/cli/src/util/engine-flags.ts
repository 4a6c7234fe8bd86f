/**
 * The engine flags shared by `train`, `critical-n`, `bench-step` and `worker`: `--engine`, `--backend` (older
 * name), `--device`, `--engine-module`. Their help lists what the trainer's tables hold (its engine providers
 * and `DEVICE_ENGINES`), never a hand-written list.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { listEngineDevices, listEngineProviders, type EngineDevice } from '@limit/trainer';
import { importEngineModules } from '@limit/trainer/node';

/** Raw values of the flags added by {@link addEngineOptions}. */
export interface EngineFlagValues {
  engine?: string;
  backend?: string;
  device?: string;
  engineModule?: string[];
}

/** `auto | native | js | …`: the engine ids of the trainer's providers. */
export function engineChoices(): string {
  return ['auto', ...listEngineProviders().map((p) => p.id)].join(' | ');
}

/** `cpu (native, onnx, js, tfjs-cpu) | … | cuda (onnx with the cuda execution provider) | auto`, from `DEVICE_ENGINES`. */
export function deviceChoices(): string {
  const devices = listEngineDevices('node').map(({ device, engines }) => {
    const names = engines.map((e) => (e.executionProviders && device !== 'cpu' ? `${e.engine} with the ${e.executionProviders.join(', ')} execution provider` : e.engine));
    return `${device} (${names.join(', ')})`;
  });
  return [...devices, 'auto'].join(' | ');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/**
 * Adds `--engine`, `--backend`, `--device` and `--engine-module` to a command.
 *
 * @param command - the command.
 * @param engineHelp - what `--engine` means for it (e.g. "one engine for every run of a d").
 */
export function addEngineOptions(command: Command, engineHelp: string): Command {
  return command
    .option('--engine <id>', `${engineChoices()}: ${engineHelp}`)
    .option('--backend <name>', 'older name of --engine (cpu, wasm, tensorflow name the tfjs engines)')
    .option('--device <device>', `${deviceChoices()}: the device to train on, its engines tried in this order (see DEVICE_ENGINES); with --engine, that engine on this device`)
    .option('--engine-module <path>', 'a module that registers engine providers (registerEngineProvider), imported here and by every worker; repeatable', collect);
}

/**
 * `--device cpu|wasm|webgpu|cuda|auto` (the devices that have engines in Node); `auto` and no flag mean no device.
 *
 * @throws InvalidArgumentError naming `--device` and listing the devices.
 */
export function deviceFromFlag(text: string | undefined): EngineDevice | undefined {
  if (text === undefined || text.trim() === 'auto') return undefined;
  const devices = listEngineDevices('node').map((d) => d.device);
  const value = text.trim() as EngineDevice;
  if (!devices.includes(value)) {
    throw new InvalidArgumentError({ parameter: '--device', value: text, message: `--device must be one of ${[...devices, 'auto'].join(', ')}, got ${JSON.stringify(text)}` });
  }
  return value;
}

/**
 * Imports the `--engine-module` modules in this process (so their engines resolve here) and returns them as
 * absolute specifiers for the workers.
 *
 * @throws InvalidArgumentError naming `--engine-module` and the module when one cannot be imported.
 */
export async function engineModulesFromFlag(paths: readonly string[] | undefined): Promise<string[]> {
  return importEngineModules(paths ?? [], '--engine-module');
}
