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

/** What one generation is for and what it may cost: the reservation made before submission. */
export interface GenerationReservation {
  key: string;
  campaignId: string;
  segmentId: string;
  provider: string;
  model: string;
  /** Seconds the provider will bill at most (the requested duration after rounding to what it accepts). */
  seconds: number;
}

/** The database ledger: `GenerationLedger` for the poll loop, plus reservation and failure bookkeeping. */
export interface DatabaseGenerationLedger extends GenerationLedger {
  reserve(r: GenerationReservation): Promise<void>;
  /** Marks a job refused or failed for good, with the provider's reason; its reservation is released. */
  fail(key: string, error: string): Promise<void>;
  /** Releases a reservation that was never submitted (no job id); a submitted or completed entry is kept. */
  release(key: string, reason: string): Promise<void>;
}
