/**
 * Record types of a LIMIT-style retrieval dataset, mirroring the MTEB / BEIR JSONL files of the
 * official LIMIT release (`corpus.jsonl`, `queries.jsonl`, `qrels.jsonl`). Qrels use camelCase in
 * memory (`queryId`, `docId`) and the release's keys (`query-id`, `corpus-id`) on disk.
 */

/** One line of `corpus.jsonl`: `{"_id": "Geneva Durben", "title": "", "text": "Geneva Durben likes …"}`. */
export interface CorpusDocument {
  readonly _id: string;
  readonly title: string;
  readonly text: string;
}

/** One line of `queries.jsonl`: `{"_id": "query_0", "text": "Who likes Joshua Trees?"}`. */
export interface Query {
  readonly _id: string;
  readonly text: string;
}

/** One line of `qrels.jsonl` (`{"query-id": …, "corpus-id": …, "score": 1}`), in memory. */
export interface Qrel {
  readonly queryId: string;
  readonly docId: string;
  readonly score: number;
}

/** A whole dataset in memory: what {@link generateLimitDataset} returns and `readDataset` loads. */
export interface LimitDataset {
  readonly corpus: readonly CorpusDocument[];
  readonly queries: readonly Query[];
  readonly qrels: readonly Qrel[];
}
