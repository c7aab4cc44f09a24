/** 20 random bytes as hex: within the `clientMsgId` rules (1..64 of `[A-Za-z0-9._-]`), and unguessable. */
export function newClientMsgId(): string {
  const bytes = new Uint8Array(20);
  globalThis.crypto.getRandomValues(bytes);
  return "c" + Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}
