/** How much of a subscriber's answer an attempt keeps, and how much is read at most before letting go. */
export const EXCERPT_BYTES = 512;
const DRAIN_BYTES = 64 * 1024;

/**
 * Reads the start of a response body as text (at most EXCERPT_BYTES) and drains the rest up to 64 KiB
 * so the connection can be reused; a longer body is cut off there. Null for an empty body.
 */
export async function readExcerpt(body: AsyncIterable<Uint8Array>, max = EXCERPT_BYTES): Promise<string | null> {
  const kept: Buffer[] = [];
  let keptBytes = 0;
  let seen = 0;
  for await (const chunk of body) {
    if (keptBytes < max) {
      const part = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(chunk.byteLength, max - keptBytes));
      kept.push(part);
      keptBytes += part.byteLength;
    }
    seen += chunk.byteLength;
    if (seen >= DRAIN_BYTES) break;
  }
  return keptBytes === 0 ? null : Buffer.concat(kept).toString('utf8');
}
