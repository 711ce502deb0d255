// The `local` script provider: the deterministic composer behind the provider interface (no network, no model).
import { InputError } from '../../shared/errors.ts';
import { applyEdits } from '../apply-edits.ts';
import { composeScript } from '../compose.ts';
import type { DraftInput, DraftOutput, ScriptProvider } from './provider.ts';
import type { TemplateSet } from '../../prompts/templates.ts';

/**
 * Creates the embedded default provider. It composes the script from approved claims and the composer templates
 * (`prompts/templates/*.hbs`), so the same input always yields the same script.
 *
 * Revisions: a change request with `edits` (drop, reorder, another approved wording, the short wording) is applied
 * to `previous`, the version the reviewer read. The composer cannot rewrite text, so free-text comments alone
 * recompose the script (unchanged unless claims changed), and an automatic redraft for findings returns `previous`
 * as it is: the findings go to the reviewer, and edits the reviewer made are never undone.
 */
export function createLocalProvider(templates: TemplateSet): ScriptProvider {
  return {
    name: 'local',
    async draft(input: DraftInput): Promise<DraftOutput> {
      const { brief, segment, claims, today, previous } = input;
      const out = (script: DraftOutput['script']) => ({
        script,
        provider: 'local',
        templateHash: templates.templateHash,
      });
      if (previous && input.edits?.length) {
        try {
          return out(applyEdits(previous, input.edits, claims, segment.language));
        } catch (error) {
          // The API tried the edits when they were sent; one that fails now cites a claim withdrawn since, so the
          // script is composed afresh from the current claims (the reviewer sees the diff) rather than failing.
          if (!(error instanceof InputError)) throw error;
        }
      }
      if (previous && input.findings) return out(previous);
      return out(composeScript({ brief, segment, claims, templates: templates.sources, today }));
    },
  };
}
