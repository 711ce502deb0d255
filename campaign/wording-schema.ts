// The wording a campaign may replace in one language (campaign.yaml `wording`, and variant B's): its schema and the
// one check the schema cannot make.
import { z } from 'zod';
import { displayName, heading } from './field-schemas.ts';

export const wordingSchema = z
  .strictObject({
    greeting: displayName('the greeting')
      .optional()
      .describe('First sentence of every video; {audience} is replaced by the audience phrase.')
      .meta({ examples: ['Hello! This video is for {audience}.'] }),
    introHeading: heading('a heading').optional().describe('On-screen heading of the opening scene.'),
    ctaLead: displayName('a lead-in').optional().describe('Spoken just before the call to action.'),
    ctaHeading: heading('a heading').optional().describe('On-screen heading of the closing scene.'),
    mythWarning: displayName('a warning')
      .optional()
      .describe('Spoken before a myth is mentioned, so nobody takes it for a fact.'),
  })
  .describe("Wording that replaces klartext's default in one language.");

/** A greeting's placeholder other than {audience}, which nothing would replace. */
export function greetingProblem(greeting: string | undefined): string | undefined {
  const placeholder = greeting?.match(/\{(?!audience\})[^}]*\}/)?.[0];
  return placeholder && `${placeholder} is not replaced; only {audience} is (write the text, or use {audience})`;
}
