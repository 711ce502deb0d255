// The `local` script provider: the deterministic composer behind the provider interface (no network, no model).
import { composeScript } from '../compose.ts';
import type { DraftInput, DraftOutput, ScriptProvider } from './provider.ts';
import type { TemplateSet } from '../../prompts/templates.ts';

/**
 * Creates the embedded default provider. It composes the script from approved claims and the composer templates
 * (`prompts/templates/*.hbs`), so the same input always yields the same script.
 *
 * Revisions: the composer cannot rewrite text, so a redraft from `previous` with reviewer comments or findings
 * recomposes the same script. The comments are recorded by the caller with the version, but nothing acts on them:
 * the reviewer sees an unchanged script (an empty diff) and can approve, edit the claims or switch to a model.
 */
export function createLocalProvider(templates: TemplateSet): ScriptProvider {
  return {
    name: 'local',
    async draft(input: DraftInput): Promise<DraftOutput> {
      const { brief, segment, claims, today } = input;
      const script = composeScript({ brief, segment, claims, templates: templates.sources, today });
      return { script, provider: 'local', templateHash: templates.templateHash };
    },
  };
}
