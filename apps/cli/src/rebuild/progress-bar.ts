/**
 * A progress bar on a terminal (redrawn in place), or a line every tenth of the way when the
 * output is a file or a pipe, so logs stay readable.
 */
export class ProgressBar {
  private lastTenth = -1;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly label: string,
    private readonly width = 30,
  ) {}

  update(done: number, total: number, detail: string): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (this.out.isTTY) {
      const filled = Math.round(fraction * this.width);
      this.out.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(this.width - filled)}] ${Math.floor(fraction * 100)}% ${detail}`,
      );
      return;
    }
    const tenth = Math.floor(fraction * 10);
    if (tenth === this.lastTenth) return;
    this.lastTenth = tenth;
    this.out.write(`${this.label} ${tenth * 10}% ${detail}\n`);
  }

  finish(message: string): void {
    this.out.write(`${this.out.isTTY ? '\r\x1b[K' : ''}${this.label} ${message}\n`);
  }
}
