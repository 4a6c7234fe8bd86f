import { InvalidArgumentError } from '@limit/core';

/** Prompt names sentence-transformers' `encode_document` tries, in order, when none is given. @internal */
export const DOCUMENT_PROMPT_NAMES = ['document', 'passage', 'corpus'] as const;

/**
 * The prompt (prefix) for one encode call, as sentence-transformers chooses it: an explicit
 * `prompt` string wins; else `promptName` looked up in `prompts`; else the model's
 * `defaultPromptName`; else none.
 *
 * @throws InvalidArgumentError (parameter `options.promptName`) for a name the model does not
 *   define, or (parameter `options.prompt`) when both `prompt` and `promptName` are given.
 * @internal
 */
export function choosePrompt(
  prompts: Readonly<Record<string, string>>,
  defaultPromptName: string | null,
  options: { prompt?: string | undefined; promptName?: string | undefined },
): string {
  if (options.prompt !== undefined && options.promptName !== undefined) {
    throw new InvalidArgumentError({ parameter: 'options.prompt', value: options.prompt, message: 'pass either prompt or promptName, not both' });
  }
  if (options.prompt !== undefined) {
    if (typeof options.prompt !== 'string') throw new InvalidArgumentError({ parameter: 'options.prompt', value: options.prompt, message: 'prompt must be a string' });
    return options.prompt;
  }
  const name = options.promptName ?? defaultPromptName ?? undefined;
  if (name === undefined) return '';
  if (!Object.hasOwn(prompts, name)) {
    const known = Object.keys(prompts);
    throw new InvalidArgumentError({
      parameter: options.promptName !== undefined ? 'options.promptName' : 'defaultPromptName',
      value: name,
      message: `the model defines no prompt ${JSON.stringify(name)}${known.length ? `; its prompts are ${known.map((k) => JSON.stringify(k)).join(', ')}` : ' (it has no prompts)'}`,
    });
  }
  return prompts[name]!;
}

/**
 * Checks a `prompts` object (`config_sentence_transformers.json`'s `prompts`): prompt name → prefix string.
 * @throws InvalidArgumentError naming `parameter` for anything else.
 * @internal
 */
export function checkPrompts(parameter: string, prompts: unknown): Record<string, string> {
  if (prompts === undefined || prompts === null) return {};
  if (typeof prompts !== 'object' || Array.isArray(prompts)) throw new InvalidArgumentError({ parameter, value: prompts, message: `${parameter} must map prompt names to strings` });
  for (const [k, v] of Object.entries(prompts)) {
    if (typeof v !== 'string') throw new InvalidArgumentError({ parameter: `${parameter}.${k}`, value: v, message: 'a prompt must be a string' });
  }
  return { ...(prompts as Record<string, string>) };
}
