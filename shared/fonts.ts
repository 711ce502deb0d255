// The font families bundled with klartext (dejavu-fonts-ttf) a campaign may choose for its videos.

/** Names a campaign's `branding.font` may take; the first is the default. */
export const FONT_FAMILIES = ['dejavu-sans', 'dejavu-sans-condensed', 'dejavu-serif'] as const;

export type FontFamily = (typeof FONT_FAMILIES)[number];
