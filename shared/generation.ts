// The generation ledger's shape: the video poll loop writes through it, the database implements it.

/** A ledger entry: `jobId` once submitted; `completed` once the clip is stored. */
export interface GenerationEntry {
  jobId?: string;
  status: 'submitted' | 'completed';
}

/** The generation ledger, implemented over the database by the caller; keyed by the generation key. */
export interface GenerationLedger {
  get(key: string): Promise<GenerationEntry | undefined>;
  /** Records the provider's job id; must be durable when it resolves. */
  recordJob(key: string, jobId: string): Promise<void>;
  /** Marks the entry completed with the provider's reported (billable) seconds. */
  complete(key: string, seconds: number): Promise<void>;
  /** Forgets a job the provider failed for a non-policy reason, so the retry may submit a fresh one. */
  discardJob(key: string, jobId: string): Promise<void>;
}
