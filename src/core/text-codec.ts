/**
 * The Encoding standard's UTF-8 encoder and decoder. Every place core runs has them (browsers,
 * workers, Node), but the ES2022 library core is typed with does not declare them.
 */
interface Codecs {
  readonly TextEncoder: new () => { encode(text: string): Uint8Array };
  readonly TextDecoder: new () => { decode(bytes: Uint8Array): string };
}

const codecs = globalThis as unknown as Codecs;
export const utf8Encoder = new codecs.TextEncoder();
export const utf8Decoder = new codecs.TextDecoder();
