/** The file is not what it must be (empty, not its declared type): no retry can change that. */
export class MediaRejectedError extends Error {
  override readonly name = 'MediaRejectedError';
}
