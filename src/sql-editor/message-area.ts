/**
 * The SQL editor's error/notice area between the toolbar and the grid.
 *
 * A BoxLayout child gets the height the layout gives it, not its content's:
 * without a size basis the area is only as high as its padding (12 px) and
 * the grid covers the text. So the area measures its text and sets its own basis,
 * capped so a long message scrolls instead of squeezing the grid away.
 */
import { BoxLayout, Widget } from '@lumino/widgets';

/** The most of the editor's height a message may take; past it, the message scrolls. */
const MAX_SHARE_OF_EDITOR = 0.3;
/** Never cap below this: two lines and the padding stay readable in a short editor. */
const MIN_CAP_PX = 48;

/** Errors are styled as errors; notices say something the user may want to know. */
export type MessageKind = 'error' | 'notice';

/** The area that shows one error or notice above the grid, sized to its text. */
export class MessageArea extends Widget {
  private readonly _text = document.createElement('div');
  private _frame = 0;

  constructor() {
    super();
    this.addClass('jp-HeavyAI-message');
    this.node.setAttribute('role', 'alert');
    this.node.append(this._text);
    this.hide();
  }

  /** The kind of message shown, or undefined while the area is hidden. */
  get kind(): MessageKind | undefined {
    if (this.isHidden) {
      return undefined;
    }
    return this.hasClass('jp-HeavyAI-message-error') ? 'error' : 'notice';
  }

  /** Show the area and size it to its text once the layout has given it a width. */
  show(): void {
    super.show();
    this._fitToText();
  }

  /** Replace the text with `text` (as plain text, never HTML) and show it as `kind`. */
  showMessage(kind: MessageKind, text: string): void {
    this._text.textContent = text;
    this.toggleClass('jp-HeavyAI-message-error', kind === 'error');
    this.toggleClass('jp-HeavyAI-message-notice', kind === 'notice');
    this.show();
  }

  protected onResize(msg: Widget.ResizeMessage): void {
    super.onResize(msg);
    // A new width wraps the text differently.
    if (msg.width >= 0) {
      this._fitToText();
    }
  }

  /** Cancel a pending measurement before the node goes away. */
  dispose(): void {
    cancelAnimationFrame(this._frame);
    super.dispose();
  }

  /**
   * Measured a frame later: the layout has then given the area its width, and
   * the text (a block in normal flow) its natural height at that width.
   */
  private _fitToText(): void {
    cancelAnimationFrame(this._frame);
    this._frame = requestAnimationFrame(() => {
      if (this.isDisposed || this.isHidden || !this.parent) {
        return;
      }
      const style = getComputedStyle(this.node);
      const chrome =
        parseFloat(style.paddingTop) +
        parseFloat(style.paddingBottom) +
        parseFloat(style.borderTopWidth) +
        parseFloat(style.borderBottomWidth);
      const cap = Math.max(
        MIN_CAP_PX,
        this.parent.node.clientHeight * MAX_SHARE_OF_EDITOR
      );
      const wanted = Math.ceil(Math.min(this._text.offsetHeight + chrome, cap));
      if (wanted !== BoxLayout.getSizeBasis(this)) {
        // Asks the parent layout to fit again; the grid takes what is left.
        BoxLayout.setSizeBasis(this, wanted);
      }
    });
  }
}
