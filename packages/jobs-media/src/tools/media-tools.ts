/** Where the media binaries are and how long one run may take. */
export interface MediaTools {
  ffmpegPath: string;
  ffprobePath: string;
  /** poppler's `pdftoppm`, for a PDF's first page. */
  pdftoppmPath: string;
  /** The longest one tool run may take before it is killed. */
  timeoutMs: number;
}
