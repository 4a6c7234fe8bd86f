/**
 * The flags that choose what a run optimises and when it counts as solved, shared by `limit train`,
 * `limit critical-n` and `limit capacity`: `--objective`, `--queries`, `--pass-rule`, `--margin`.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '@limit/core';
import { OBJECTIVE_DEFAULTS, OBJECTIVE_NAMES, PASS_RULES, QUERY_MODES, resolveObjective, type Objective, type ObjectiveName, type PassRuleName, type QueryMode } from '@limit/trainer';
import { parseChoice, parseReal } from './options.js';

/** Raw values of the flags {@link addObjectiveOptions} adds. */
export interface ObjectiveFlagValues {
  objective?: string;
  queries?: string;
  passRule?: string;
  margin?: string;
}

const SETTINGS: Record<ObjectiveName, readonly string[]> = { infoNce: ['temperature'], hinge: ['margin'], sigmoid: ['temperature', 'bias'] };

/**
 * Parses one objective: a name with optional settings after colons, `hinge`, `hinge:margin=0.2`,
 * `sigmoid:temperature=0.1:bias=-5`, `infoNce:temperature=0.05`.
 *
 * @param flag - the flag, for errors.
 * @param text - the value.
 * @returns the complete objective.
 * @throws InvalidArgumentError naming the flag for an unknown name, setting or value.
 */
export function parseObjective(flag: string, text: string): Objective {
  const [name = '', ...settings] = text.trim().split(':');
  if (!(OBJECTIVE_NAMES as readonly string[]).includes(name)) {
    throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} must name one of ${OBJECTIVE_NAMES.join(', ')} (optionally with settings, e.g. hinge:margin=0.2), got ${JSON.stringify(text)}` });
  }
  const spec: Record<string, unknown> = { name };
  for (const setting of settings) {
    const match = /^([a-zA-Z]+)=(.+)$/.exec(setting);
    const known = SETTINGS[name as ObjectiveName];
    if (!match || !known.includes(match[1]!)) {
      throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} ${name} takes ${known.map((k) => `${k}=<x>`).join(', ')} after a colon (defaults: ${JSON.stringify(OBJECTIVE_DEFAULTS[name as ObjectiveName])}), got ${JSON.stringify(setting)}` });
    }
    spec[match[1]!] = parseReal(`${flag} ${name}:${match[1]}`, match[2]!);
  }
  try {
    return resolveObjective(spec as never);
  } catch (error) {
    if (!InvalidArgumentError.isInstance(error)) throw error;
    throw new InvalidArgumentError({ parameter: flag, value: text, message: `${flag} ${text}: ${error.message.replace(/^Invalid argument for parameter [^:]+: /, '')}`, cause: error });
  }
}

/** Adds `--objective`, `--queries`, `--pass-rule` and `--margin`; defaults are the paper's. */
export function addObjectiveOptions(command: Command, objectiveHelp = 'the training objective'): Command {
  return command
    .option('--objective <name>', `${objectiveHelp}: infoNce (the paper's) | hinge | sigmoid, settings after colons (hinge:margin=0.2, sigmoid:temperature=0.1:bias=-10)`)
    .option('--queries <mode>', "free (the paper's: queries are parameters) | centroid (a query is the mean of its documents, Wang et al.)")
    .option('--pass-rule <rule>', "official (the paper's: every top-k right at a log step) | margin (every query's margin ≥ --margin)")
    .option('--margin <gamma>', 'γ of --pass-rule margin: the smallest full gap (lowest relevant − highest irrelevant score, unit query, float64)');
}

/** The parsed flags; fields are absent when the flag was not given (the paper's setting). */
export interface ParsedObjectiveFlags {
  readonly objective?: Objective;
  readonly queryMode?: QueryMode;
  readonly passRule?: PassRuleName;
  readonly passMargin?: number;
}

/**
 * Parses `--objective`, `--queries`, `--pass-rule`, `--margin` (the InfoNCE temperature stays `--temperature`).
 *
 * @throws InvalidArgumentError naming the flag; `--margin` without `--pass-rule margin` (or the reverse) is refused.
 */
export function parseObjectiveFlags(opts: ObjectiveFlagValues): ParsedObjectiveFlags {
  const objective = opts.objective === undefined ? undefined : parseObjective('--objective', opts.objective);
  if (objective?.name === 'infoNce' && opts.objective!.includes(':')) {
    throw new InvalidArgumentError({ parameter: '--objective', value: opts.objective, message: '--objective infoNce takes its temperature from --temperature' });
  }
  const queryMode = opts.queries === undefined ? undefined : parseChoice('--queries', opts.queries, QUERY_MODES);
  const passRule = opts.passRule === undefined ? undefined : parseChoice('--pass-rule', opts.passRule, PASS_RULES);
  const passMargin = opts.margin === undefined ? undefined : parseReal('--margin', opts.margin, { min: 0, exclusiveMin: true });
  if (passMargin !== undefined && passRule !== 'margin') {
    throw new InvalidArgumentError({ parameter: '--margin', value: opts.margin, message: '--margin is the γ of --pass-rule margin; add --pass-rule margin' });
  }
  if (passRule === 'margin' && passMargin === undefined) {
    throw new InvalidArgumentError({ parameter: '--pass-rule', value: opts.passRule, message: '--pass-rule margin needs --margin <gamma>' });
  }
  return {
    ...(objective !== undefined && objective.name !== 'infoNce' ? { objective } : {}),
    ...(queryMode !== undefined && queryMode !== 'free' ? { queryMode } : {}),
    ...(passRule === 'margin' ? { passRule, passMargin: passMargin! } : {}),
  };
}

/** Trainer parameter names → the flags above (for errors raised inside the trainer). */
export const OBJECTIVE_FLAGS: Readonly<Record<string, string>> = {
  objective: '--objective',
  'objective.margin': '--objective',
  'objective.temperature': '--objective',
  'objective.bias': '--objective',
  queryMode: '--queries',
  passRule: '--pass-rule',
  passMargin: '--margin',
};
