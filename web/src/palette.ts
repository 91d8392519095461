// One colour per speaker within a view, in order of first appearance, from a palette of ten tints
// chosen to stay apart from each other and legible under black text (classes spk-0 … spk-9 in
// style.css). After ten speakers the colours repeat; the legend and popovers still name each one.

export const PALETTE_SIZE = 10;

export class SpeakerPalette {
  private readonly index = new Map<string, number>();
  classOf(speakerKey: string): string {
    let i = this.index.get(speakerKey);
    if (i === undefined) { i = this.index.size % PALETTE_SIZE; this.index.set(speakerKey, i); }
    return `spk-${i}`;
  }
}
