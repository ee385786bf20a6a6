/** The error `run` fails with; throws when it does not fail, so a test cannot pass by accident. */
export async function errorOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the query to fail');
}
