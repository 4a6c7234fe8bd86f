/** A published LIMIT result (recall as a fraction), for side-by-side tables. */
export interface PaperResult {
  /** `'full'` (50,000 documents) or `'small'` (46 documents). */
  readonly variant: 'full' | 'small';
  /** Model / method as named in the paper. */
  readonly model: string;
  /** Which of our retrievers reproduces it, if any. */
  readonly retriever?: 'bm25' | 'ngram';
  readonly scores: Readonly<Record<string, number>>;
}

/**
 * Recall numbers reported by the LIMIT paper (arXiv 2508.21038) — facts from the paper, used only
 * to print beside measured results.
 * @example
 * PAPER_RESULTS.find((r) => r.variant === 'full' && r.retriever === 'bm25')?.scores.recall_at_100; // 0.936
 */
export const PAPER_RESULTS: readonly PaperResult[] = [
  { variant: 'full', model: 'BM25 (paper)', retriever: 'bm25', scores: { recall_at_2: 0.857, recall_at_10: 0.904, recall_at_100: 0.936 } },
  { variant: 'full', model: 'n-gram hashing (paper)', retriever: 'ngram', scores: { recall_at_100: 0.939 } },
  { variant: 'full', model: 'GTE-ModernColBERT (paper)', scores: { recall_at_2: 0.231, recall_at_10: 0.346, recall_at_100: 0.548 } },
  { variant: 'full', model: 'E5-Mistral 7B (paper)', scores: { recall_at_2: 0.013, recall_at_10: 0.022, recall_at_100: 0.083 } },
  { variant: 'full', model: 'Promptriever 8B (paper)', scores: { recall_at_2: 0.03, recall_at_10: 0.068, recall_at_100: 0.189 } },
  { variant: 'small', model: 'BM25 (paper)', retriever: 'bm25', scores: { recall_at_2: 0.978, recall_at_10: 1, recall_at_20: 1 } },
  { variant: 'small', model: 'GTE-ModernColBERT (paper)', scores: { recall_at_2: 0.835, recall_at_10: 0.976, recall_at_20: 0.991 } },
  { variant: 'small', model: 'E5-Mistral 7B (paper)', scores: { recall_at_2: 0.295, recall_at_10: 0.681, recall_at_20: 0.852 } },
];
