import { close, open, read, readFile } from 'node:fs';

/** Files up to this size are read in one go; larger ones fall back to `readFile`. */
const FIRST_READ_BYTES = 16 * 1024;
/** Read buffers kept for reuse: a fresh 16 KB buffer per read is garbage that swells the heap under load. */
const spareBuffers: Buffer[] = [];
const MAX_SPARE_BUFFERS = 32;

function takeBuffer(): Buffer {
  return spareBuffers.pop() ?? Buffer.allocUnsafeSlow(FIRST_READ_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (spareBuffers.length < MAX_SPARE_BUFFERS) spareBuffers.push(buffer);
}

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
      const buffer = takeBuffer();
      read(fd, buffer, 0, FIRST_READ_BYTES, 0, (readError, bytesRead) => {
        // Decoded before the buffer is reused; only the bytes this read filled are ever looked at.
        const text = readError || bytesRead >= FIRST_READ_BYTES ? undefined : buffer.toString('utf8', 0, bytesRead);
        giveBack(buffer);
        close(fd, (closeError) => {
          if (readError ?? closeError) {
            reject(readError ?? closeError);
          } else if (text !== undefined) {
            resolve(text);
          } else {
            // Bigger than one read: let readFile size it properly.
            readFile(file, 'utf8', (error, text) => (error ? reject(error) : resolve(text)));
          }
        });
      });
    });
  });
}
