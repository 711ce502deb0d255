// Names shared by the renderer and the provenance manifest: the manifest's file name and the disclosure it states.
// The manifest itself is built and signed in video/provenance/ (klartext.provenance/v2).

export const MANIFEST_FILE = 'manifest.json';

/** The disclosure stated in every manifest, in German and English like the on-screen label. */
export const AI_DISCLOSURE =
  'KI-generiert: Dieses Video wurde automatisch aus einem medizinisch geprüften Skript erzeugt. / ' +
  'AI-generated: this video was produced automatically from a medically reviewed script.';
