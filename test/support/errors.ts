/** The message of the error `build` throws; fails when it does not throw. */
export function messageOf(build: () => unknown, what: string): string {
  try {
    build();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`expected ${what} to throw`);
}
