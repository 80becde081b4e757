/** Page geometry in PDF points (1 pt = 1/72 in). A4 portrait, French business-letter layout. */
export const mm = (n: number) => (n * 72) / 25.4;

export const PAGE = { width: mm(210), height: mm(297) };
export const MARGIN = { left: mm(20), right: mm(20), top: mm(20), bottom: mm(25) };
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;

/**
 * Address block for a DL (110 x 220 mm) window envelope, window on the right: the A4 sheet folded
 * in three shows roughly x 95-195 mm, y 45-95 mm through the window. Text starts inside it.
 */
export const WINDOW = { x: mm(100), y: mm(48), width: mm(90), height: mm(40) };

/** Where the date line sits: below the window, aligned with the address. */
export const DATE_LINE_Y = mm(98);
/** First line of the body area on page 1. */
export const BODY_TOP = mm(110);

export const FONT = { regular: 'Helvetica', bold: 'Helvetica-Bold', italic: 'Helvetica-Oblique' } as const;
export const SIZE = { body: 10, small: 8.5, tiny: 7.5, company: 14, heading: 17 } as const;
export const GREY = '#555555';
