import { InvalidArgumentError } from '@limit/core';

/** The pass rules, by name: `'official'` (the paper's) and `'margin'`. */
export const PASS_RULES = ['official', 'margin'] as const;

/** Name of a pass rule. */
export type PassRuleName = (typeof PASS_RULES)[number];

/**
 * When a run counts as solved:
 * - `{ rule: 'official' }` — the paper's: at a log step, every query's relevant documents are its top k
 *   (exact-set accuracy 100 %);
 * - `{ rule: 'margin', margin: γ }` — at a log step, every query's margin (lowest relevant − highest irrelevant
 *   score of the unit query, float64; `@limit/step-engine`'s `forEachQueryMargin`) is at least γ > 0.
 */
export type PassRule = { readonly rule: 'official' } | { readonly rule: 'margin'; readonly margin: number };

/**
 * Completes and checks a pass rule from its two options.
 *
 * @param passRule - `'official'` (default) or `'margin'`.
 * @param passMargin - γ > 0, required with `'margin'` and refused with `'official'`.
 * @returns the rule, frozen.
 * @throws InvalidArgumentError naming `passRule` (unknown) or `passMargin` (missing, ≤ 0, not finite, or given
 *   with the official rule).
 * @example
 * ```ts
 * resolvePassRule('margin', 0.05); // { rule: 'margin', margin: 0.05 }
 * ```
 */
export function resolvePassRule(passRule: PassRuleName | undefined, passMargin: number | undefined): PassRule {
  const rule = passRule ?? 'official';
  if (!PASS_RULES.includes(rule)) {
    throw new InvalidArgumentError({ parameter: 'passRule', value: rule, message: `passRule must be one of ${PASS_RULES.join(', ')} (got ${JSON.stringify(rule)})` });
  }
  if (rule === 'official') {
    if (passMargin !== undefined) {
      throw new InvalidArgumentError({ parameter: 'passMargin', value: passMargin, message: "passMargin applies to passRule 'margin' only (the official rule has no margin)" });
    }
    return Object.freeze({ rule });
  }
  if (typeof passMargin !== 'number' || !Number.isFinite(passMargin) || passMargin <= 0) {
    throw new InvalidArgumentError({ parameter: 'passMargin', value: passMargin, message: `passRule 'margin' needs passMargin, a finite number > 0 (got ${String(passMargin)})` });
  }
  return Object.freeze({ rule, margin: passMargin });
}

/**
 * A short, stable label of a pass rule for ids and tables: `official`, `margin0.05`.
 *
 * @param rule - a resolved rule.
 * @returns the label.
 * @example
 * ```ts
 * passRuleLabel({ rule: 'margin', margin: 0.05 }); // 'margin0.05'
 * ```
 */
export function passRuleLabel(rule: PassRule): string {
  return rule.rule === 'official' ? 'official' : `margin${rule.margin}`;
}
