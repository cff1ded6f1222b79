/**
 * Runs `read`, turning a missing file (`ENOENT`) into an error that names the content and
 * where it was looked for (`blob sha256:… not found in ./layout`); the file system error
 * stays as the cause. Other errors pass through unchanged, so a `DigestMismatchError` or an
 * `UnsafeFileError` keeps its class.
 */
export async function notFoundAs<T>(what: string, where: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(`${what} not found in ${where}`, { cause: err });
  }
}
