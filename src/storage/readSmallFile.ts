import { close, open, read, readFile } from 'node:fs';

/** Files up to this size are read in one go; larger ones fall back to `readFile`. */
const FIRST_READ_BYTES = 16 * 1024;

/**
 * Reads a small UTF-8 file, or resolves undefined if it does not exist. A state item is read on
 * nearly every turn, and each libuv request costs a thread hand-over: this takes three (open, read,
 * close) where `fs.promises.readFile` takes four (it also stats the file) and allocates a FileHandle.
 */
export function readSmallFile(file: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    open(file, 'r', (openError, fd) => {
      if (openError) {
        if (openError.code === 'ENOENT') resolve(undefined);
        else reject(openError);
        return;
      }
      const buffer = Buffer.allocUnsafe(FIRST_READ_BYTES);
      read(fd, buffer, 0, FIRST_READ_BYTES, 0, (readError, bytesRead) => {
        close(fd, (closeError) => {
          if (readError ?? closeError) {
            reject(readError ?? closeError);
          } else if (bytesRead < FIRST_READ_BYTES) {
            resolve(buffer.toString('utf8', 0, bytesRead));
          } else {
            // Bigger than one read: let readFile size it properly.
            readFile(file, 'utf8', (error, text) => (error ? reject(error) : resolve(text)));
          }
        });
      });
    });
  });
}
