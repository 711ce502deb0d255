-- Back-translations of script versions into the languages their reviewers read: one row per version and language,
-- written whole in one statement by the activity that made it, read by the review page and the script API.
CREATE TABLE back_translations (
  -- Content-addressed like script_versions: the same script text is back-translated once, whichever segment says it.
  script_sha256  text NOT NULL,
  language       text NOT NULL,
  -- Who back-translated (never the model that drafted the version): `deepl` or `openai` (`none`), and the model.
  provider       text NOT NULL,
  model          text,
  -- `failed`: the provider refused for good (key, quota, an unreadable answer), `failure` says why; `no-provider`:
  -- none was configured when the version was drafted. Both give way to a later attempt's result.
  status         text NOT NULL CHECK (status IN ('done', 'failed', 'no-provider')),
  -- Per scene, per sentence: the back-translation, or null where the sentence says an approved claim wording.
  sentences      jsonb NOT NULL DEFAULT '[]',
  -- Drift between sentences and their back-translations (numbers, dates, negations, claims, sentence count).
  findings       jsonb NOT NULL DEFAULT '[]',
  failure        text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (script_sha256, language)
);
