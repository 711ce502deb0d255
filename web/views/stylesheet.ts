// The workspace stylesheet, read once at start: its URL carries a content hash so browsers may cache it for a year.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../static/workspace.css', import.meta.url), 'utf8');
const version = createHash('sha256').update(css).digest('hex').slice(0, 10);

/** The stylesheet's text and the versioned path pages link to. */
export const STYLESHEET = { css, path: '/static/workspace.css', href: `/static/workspace.css?v=${version}` } as const;
