/** A failure shown to the person in the browser as a page, never redirected anywhere (RFC 6749 §4.1.2.1). */
export class PageError extends Error {
  override readonly name = 'PageError';
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
  ) {
    super(message);
  }
}
