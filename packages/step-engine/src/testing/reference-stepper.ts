import type { Objective, QueryMode } from '../objectives.js';
import type { AdamSettings, EngineAccuracy, EngineQrels, StepEngineInit } from '../step-engine.js';

/** Loss and gradients of {@link ReferenceStepper.lossAndGradients}, float64. */
export interface ReferenceGradients {
  readonly loss: number;
  /** ∂L/∂Q, q × d row-major (zero in centroid mode). */
  readonly queries: Float64Array;
  /** ∂L/∂D, n × d row-major (in centroid mode including the path through the queries). */
  readonly documents: Float64Array;
}

/**
 * The float64 reference of the step-engine contract, written straight from the formulas with dense matrices
 * (S = Q·Dᵀ, the relevance matrix Y, the score gradient G = ∂L/∂S), independent of every engine's fused
 * per-row formulation:
 *
 * - InfoNCE(T): L = (1/P) Σᵢ [kᵢ·logsumexp(Sᵢ/T) − Σ_{j∈Rᵢ} S_ij/T];  G_ij = (kᵢ·softmax(Sᵢ/T)_j − Y_ij)/(P·T).
 * - hinge(γ): L = (1/N) Σᵢ Σ_{j∈Rᵢ, l∉Rᵢ} max(0, γ − S_ij + S_il), N = Σᵢ kᵢ(n − kᵢ); each active pair adds
 *   −1/N to G_ij and +1/N to G_il (a pair exactly at the kink is inactive).
 * - sigmoid(T, b): L = (1/(q·n)) Σ_ij softplus(−z_ij·(S_ij/T + b)), z = 2Y − 1;
 *   G_ij = −z_ij·σ(−z_ij·(S_ij/T + b)) / (T·q·n).
 *
 * Then ∂L/∂Q = G·D and ∂L/∂D = Gᵀ·Q. With centroid queries Q = C·D (C_im = 1/kᵢ for m ∈ Rᵢ), only D is a
 * parameter and ∂L/∂D = Gᵀ·Q + Cᵀ·(G·D). A step is bias-corrected Adam (ε added to √v̂, as optax.adam) on
 * every parameter, then every parameter row re-normalised to unit length; it returns the loss before the
 * update.
 */
export class ReferenceStepper {
  readonly q: number;
  readonly n: number;
  readonly d: number;
  /** Current free queries (q × d); in centroid mode the centroids of the current documents. */
  get Q(): Float64Array {
    return this.queryMode === 'centroid' ? this.centroids() : this.freeQ;
  }
  /** Current documents, n × d. */
  readonly D: Float64Array;
  readonly objective: Objective;
  readonly queryMode: QueryMode;
  private readonly freeQ: Float64Array;
  private readonly mQ: Float64Array;
  private readonly vQ: Float64Array;
  private readonly mD: Float64Array;
  private readonly vD: Float64Array;
  private readonly Y: Uint8Array;
  private readonly sets: number[][];
  private readonly lr: number;
  private readonly adam: AdamSettings;
  private t = 0;

  /**
   * @param init - a step-engine init (float32 or float64 data); the objective defaults to InfoNCE at
   *   `init.temperature`, the query mode to `'free'`. Not validated: give it what the engine under test gets.
   */
  constructor(init: StepEngineInit) {
    this.q = init.queries.rows;
    this.n = init.documents.rows;
    this.d = init.queries.cols;
    this.objective = init.objective ?? { name: 'infoNce', temperature: init.temperature! };
    this.queryMode = init.queryMode ?? 'free';
    this.freeQ = Float64Array.from(init.queries.data);
    this.D = Float64Array.from(init.documents.data);
    this.mQ = new Float64Array(this.freeQ.length);
    this.vQ = new Float64Array(this.freeQ.length);
    this.mD = new Float64Array(this.D.length);
    this.vD = new Float64Array(this.D.length);
    this.lr = init.learningRate;
    this.adam = init.adam;
    this.sets = setsOf(init.qrels);
    this.Y = new Uint8Array(this.q * this.n);
    this.sets.forEach((set, i) => set.forEach((j) => (this.Y[i * this.n + j] = 1)));
  }

  /** Centroid queries of the current documents: qᵢ = mean of its relevant documents. */
  private centroids(): Float64Array {
    const { d } = this;
    const Q = new Float64Array(this.q * d);
    this.sets.forEach((set, i) => {
      for (const j of set) for (let c = 0; c < d; c++) Q[i * d + c] = Q[i * d + c]! + this.D[j * d + c]! / set.length;
    });
    return Q;
  }

  /** S = Q·Dᵀ, q × n. */
  scores(): Float64Array {
    const { q, n, d } = this;
    const Q = this.Q;
    const S = new Float64Array(q * n);
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let c = 0; c < d; c++) s += Q[i * d + c]! * this.D[j * d + c]!;
        S[i * n + j] = s;
      }
    }
    return S;
  }

  /** Loss and gradients at the current parameters (nothing updated). */
  lossAndGradients(): ReferenceGradients {
    const { q, n, d, Y } = this;
    const Q = this.Q;
    const S = this.scores();
    const { loss, G } = objectiveLossAndScoreGradient(this.objective, S, Y, q, n);
    const gQ = new Float64Array(q * d);
    const gD = new Float64Array(n * d);
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < n; j++) {
        const g = G[i * n + j]!;
        if (g === 0) continue;
        for (let c = 0; c < d; c++) {
          gQ[i * d + c] = gQ[i * d + c]! + g * this.D[j * d + c]!;
          gD[j * d + c] = gD[j * d + c]! + g * Q[i * d + c]!;
        }
      }
    }
    if (this.queryMode === 'free') return { loss, queries: gQ, documents: gD };
    // Through the centroids: ∂L/∂d_m += Σ_{i: m ∈ Rᵢ} (1/kᵢ)·∂L/∂qᵢ.
    this.sets.forEach((set, i) => {
      for (const m of set) for (let c = 0; c < d; c++) gD[m * d + c] = gD[m * d + c]! + gQ[i * d + c]! / set.length;
    });
    return { loss, queries: new Float64Array(q * d), documents: gD };
  }

  /** One Adam step and re-normalisation; returns the loss before the update. */
  step(): number {
    const { loss, queries, documents } = this.lossAndGradients();
    this.t += 1;
    if (this.queryMode === 'free') this.update(this.freeQ, this.mQ, this.vQ, queries);
    this.update(this.D, this.mD, this.vD, documents);
    return loss;
  }

  private update(p: Float64Array, m: Float64Array, v: Float64Array, g: Float64Array): void {
    const { beta1, beta2, epsilon } = this.adam;
    for (let i = 0; i < p.length; i++) {
      m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
      v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! * g[i]!;
      const mHat = m[i]! / (1 - beta1 ** this.t);
      const vHat = v[i]! / (1 - beta2 ** this.t);
      p[i] = p[i]! - (this.lr * mHat) / (Math.sqrt(vHat) + epsilon);
    }
    const { d } = this;
    for (let r = 0; r < p.length / d; r++) {
      let s = 0;
      for (let c = 0; c < d; c++) s += p[r * d + c]! ** 2;
      const norm = Math.sqrt(s);
      for (let c = 0; c < d; c++) p[r * d + c] = p[r * d + c]! / norm;
    }
  }

  /** Both accuracies by a full sort of each query's scores (ties: lower document index first). */
  accuracy(): EngineAccuracy {
    const { q, n } = this;
    const S = this.scores();
    let hits = 0;
    let total = 0;
    let exact = 0;
    for (let i = 0; i < q; i++) {
      const order = Array.from({ length: n }, (_, j) => ({ j, s: S[i * n + j]! })).sort((a, b) => b.s - a.s || a.j - b.j);
      const k = this.sets[i]!.length;
      const top = order.slice(0, k);
      const inTop = top.filter(({ j }) => this.Y[i * n + j] === 1).length;
      hits += inTop;
      total += k;
      if (inTop === k && top[k - 1]!.s > order[k]!.s) exact += 1;
    }
    return { relevantInTopK: hits / total, exactTopK: exact / q };
  }
}

/** The loss and G = ∂L/∂S of an objective on scores S (q × n) and relevance Y, float64. */
export function objectiveLossAndScoreGradient(objective: Objective, S: Float64Array, Y: Uint8Array, q: number, n: number): { loss: number; G: Float64Array } {
  const G = new Float64Array(q * n);
  let loss = 0;
  if (objective.name === 'infoNce') {
    const T = objective.temperature;
    let P = 0;
    for (const y of Y) P += y;
    for (let i = 0; i < q; i++) {
      let max = -Infinity;
      for (let j = 0; j < n; j++) max = Math.max(max, S[i * n + j]! / T);
      let sum = 0;
      for (let j = 0; j < n; j++) sum += Math.exp(S[i * n + j]! / T - max);
      const lse = max + Math.log(sum);
      let k = 0;
      for (let j = 0; j < n; j++) k += Y[i * n + j]!;
      for (let j = 0; j < n; j++) {
        const z = S[i * n + j]! / T;
        if (Y[i * n + j]) loss += lse - z;
        G[i * n + j] = (k * Math.exp(z - lse) - Y[i * n + j]!) / (P * T);
      }
    }
    return { loss: loss / P, G };
  }
  if (objective.name === 'hinge') {
    const gamma = objective.margin;
    let N = 0;
    for (let i = 0; i < q; i++) {
      let k = 0;
      for (let j = 0; j < n; j++) k += Y[i * n + j]!;
      N += k * (n - k);
    }
    for (let i = 0; i < q; i++) {
      for (let j = 0; j < n; j++) {
        if (!Y[i * n + j]) continue;
        for (let l = 0; l < n; l++) {
          if (Y[i * n + l]) continue;
          const violation = gamma - S[i * n + j]! + S[i * n + l]!;
          if (violation > 0) {
            loss += violation;
            G[i * n + j] = G[i * n + j]! - 1 / N;
            G[i * n + l] = G[i * n + l]! + 1 / N;
          }
        }
      }
    }
    return { loss: loss / N, G };
  }
  const { temperature: T, bias } = objective;
  const count = q * n;
  for (let e = 0; e < count; e++) {
    const z = Y[e] ? 1 : -1;
    const x = -z * (S[e]! / T + bias); // loss term softplus(x), dσ: d softplus(x)/dS = σ(x)·(−z/T)
    loss += x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    G[e] = (-z / (1 + Math.exp(-x))) / (T * count);
  }
  return { loss: loss / count, G };
}

function setsOf(qrels: EngineQrels): number[][] {
  return Array.from({ length: qrels.numQueries }, (_, i) => Array.from(qrels.docs.subarray(qrels.offsets[i]!, qrels.offsets[i + 1]!)));
}
