import { InvalidArgumentError, assertKnownOptions } from '@limit/core';

/** The objectives a step engine may implement, by name. */
export const OBJECTIVE_NAMES = ['infoNce', 'hinge', 'sigmoid'] as const;

/** Name of an objective: `'infoNce'` (the paper's), `'hinge'` or `'sigmoid'`. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

/**
 * The paper's objective: full-batch multi-positive InfoNCE over all documents,
 *
 *   L = −(1/P) · Σ_{(i, j) relevant} log softmax_j(Sᵢ / T),   S = Q·Dᵀ, P = number of relevant pairs.
 */
export interface InfoNceObjective {
  readonly name: 'infoNce';
  /** Softmax temperature T > 0 (the paper: 0.1). */
  readonly temperature: number;
}

/**
 * Pairwise hinge over every (relevant, irrelevant) pair of every query,
 *
 *   L = (1/N) · Σᵢ Σ_{j ∈ Rᵢ} Σ_{l ∉ Rᵢ} max(0, γ − (S_ij − S_il)),   N = Σᵢ |Rᵢ|·(n − |Rᵢ|),
 *
 * zero exactly when every query's relevant scores exceed its irrelevant ones by at least γ. The sub-gradient
 * at a kink (γ − (S_ij − S_il) = 0) is taken as 0.
 */
export interface HingeObjective {
  readonly name: 'hinge';
  /** The margin γ ≥ 0 the loss asks for, in score units (scores of unit vectors lie in [−1, 1]). */
  readonly margin: number;
}

/**
 * Pointwise sigmoid (SigLIP-style binary cross-entropy) over every (query, document) pair,
 *
 *   L = (1/(q·n)) · Σᵢ Σⱼ log(1 + exp(−zᵢⱼ · (S_ij / T + b))),   zᵢⱼ = +1 if j ∈ Rᵢ else −1.
 *
 * SigLIP (Zhai et al., arXiv 2303.15343) learns T and b and sums over pairs divided by the batch size; here they
 * are fixed and the sum is a mean over all q·n pairs, so the loss does not grow with n.
 */
export interface SigmoidObjective {
  readonly name: 'sigmoid';
  /** Temperature T > 0: logits = S/T + b. */
  readonly temperature: number;
  /** Bias b (finite). */
  readonly bias: number;
}

/** A training objective; the paper's is {@link InfoNceObjective}. */
export type Objective = InfoNceObjective | HingeObjective | SigmoidObjective;

/**
 * How queries are parameterised:
 * - `'free'` (the paper's setting): every query embedding is a free parameter, Adam-updated and re-normalised;
 * - `'centroid'`: a query is the mean of its relevant documents' embeddings, qᵢ = (1/|Rᵢ|)·Σ_{j∈Rᵢ} dⱼ (not
 *   re-normalised), and only documents are parameters — the setting of Wang et al.'s gradient-descent witness
 *   (arXiv 2601.20844). Gradients reach the documents through the queries too.
 */
export type QueryMode = 'free' | 'centroid';

/** Every {@link QueryMode}. */
export const QUERY_MODES = ['free', 'centroid'] as const;

/**
 * Default settings of each objective, and where they come from:
 * - InfoNCE: temperature 0.1, the official script's (LIMIT, arXiv 2508.21038).
 * - hinge: margin γ = 0.1, the margin at which the LIMIT paper tabulates its Theorem 1 bound.
 * - sigmoid: temperature 0.1 and bias −10, SigLIP's initialisation (t′ = log 10, so t = 1/T = 10, and b = −10;
 *   Zhai et al., arXiv 2303.15343 §3.2).
 */
export const OBJECTIVE_DEFAULTS: {
  readonly infoNce: InfoNceObjective;
  readonly hinge: HingeObjective;
  readonly sigmoid: SigmoidObjective;
} = Object.freeze({
  infoNce: Object.freeze({ name: 'infoNce', temperature: 0.1 }),
  hinge: Object.freeze({ name: 'hinge', margin: 0.1 }),
  sigmoid: Object.freeze({ name: 'sigmoid', temperature: 0.1, bias: -10 }),
});

/** An objective by name alone, or with some settings (the rest from {@link OBJECTIVE_DEFAULTS}). */
export type ObjectiveSpec =
  | ObjectiveName
  | { readonly name: 'infoNce'; readonly temperature?: number }
  | { readonly name: 'hinge'; readonly margin?: number }
  | { readonly name: 'sigmoid'; readonly temperature?: number; readonly bias?: number };

const KEYS: Record<ObjectiveName, readonly string[]> = {
  infoNce: ['name', 'temperature'],
  hinge: ['name', 'margin'],
  sigmoid: ['name', 'temperature', 'bias'],
};

/**
 * Completes and checks an objective: a name or a partial object, defaults from {@link OBJECTIVE_DEFAULTS}.
 *
 * @param spec - `'hinge'`, `{ name: 'sigmoid', bias: -5 }`, … (default `'infoNce'`).
 * @param parameter - name used in errors (default `objective`).
 * @returns a complete, frozen objective.
 * @throws InvalidArgumentError naming `objective` (unknown name, unknown key) or the setting
 *   (`objective.temperature` > 0, `objective.margin` ≥ 0, `objective.bias` finite).
 * @example
 * ```ts
 * resolveObjective('hinge'); // { name: 'hinge', margin: 0.1 }
 * resolveObjective({ name: 'sigmoid', bias: -5 }); // { name: 'sigmoid', temperature: 0.1, bias: -5 }
 * ```
 */
export function resolveObjective(spec: ObjectiveSpec = 'infoNce', parameter = 'objective'): Objective {
  const given = typeof spec === 'string' ? { name: spec } : spec;
  if (given === null || typeof given !== 'object' || !OBJECTIVE_NAMES.includes(given.name as ObjectiveName)) {
    const name = typeof spec === 'string' ? spec : (spec as { name?: unknown } | null)?.name;
    throw new InvalidArgumentError({ parameter, value: name, message: `${parameter} must be one of ${OBJECTIVE_NAMES.join(', ')} (got ${JSON.stringify(name)})` });
  }
  const name = given.name as ObjectiveName;
  assertKnownOptions(parameter, given, KEYS[name]);
  const number = (key: string, value: unknown, rule: (v: number) => boolean, what: string): number => {
    if (typeof value !== 'number' || !Number.isFinite(value) || !rule(value)) {
      throw new InvalidArgumentError({ parameter: `${parameter}.${key}`, value, message: `${parameter}.${key} must be ${what} (got ${String(value)})` });
    }
    return value;
  };
  const g = given as { temperature?: number; margin?: number; bias?: number };
  switch (name) {
    case 'infoNce':
      return Object.freeze({ name, temperature: number('temperature', g.temperature ?? OBJECTIVE_DEFAULTS.infoNce.temperature, (v) => v > 0, 'a finite number > 0') });
    case 'hinge':
      return Object.freeze({ name, margin: number('margin', g.margin ?? OBJECTIVE_DEFAULTS.hinge.margin, (v) => v >= 0, 'a finite number ≥ 0') });
    case 'sigmoid':
      return Object.freeze({
        name,
        temperature: number('temperature', g.temperature ?? OBJECTIVE_DEFAULTS.sigmoid.temperature, (v) => v > 0, 'a finite number > 0'),
        bias: number('bias', g.bias ?? OBJECTIVE_DEFAULTS.sigmoid.bias, () => true, 'a finite number'),
      });
  }
}

/**
 * A short, stable label of an objective for ids, file names and tables: `infoNce-t0.1`, `hinge-m0.1`,
 * `sigmoid-t0.1-b-10`.
 *
 * @param objective - a complete objective.
 * @returns the label.
 * @example
 * ```ts
 * objectiveLabel(resolveObjective('hinge')); // 'hinge-m0.1'
 * ```
 */
export function objectiveLabel(objective: Objective): string {
  switch (objective.name) {
    case 'infoNce':
      return `infoNce-t${objective.temperature}`;
    case 'hinge':
      return `hinge-m${objective.margin}`;
    case 'sigmoid':
      return `sigmoid-t${objective.temperature}-b${objective.bias}`;
  }
}
