/**
 * JupyterLab's splash screen, as the deep link leaves it. JupyterLab covers the page with it while
 * the theme's style sheet loads. Once the theme is applied it starts a 0.5 s fade in the next
 * animation frame and removes the splash with a 200 ms timer; in deep-link traces that timer fired
 * 71–210 ms late behind the page's work, and rows painted meanwhile stayed under the splash, which
 * also caught every click. The fade cannot be seen to start before that frame is on screen, and
 * the deep link builds its editor in the same frame, so the splash goes when the rows come: the
 * deep link takes the fade out and lets clicks through, and JupyterLab still removes the element
 * (docs/decisions.md). No JupyterLab imports: the splash is found by its element's id, and without
 * it nothing happens.
 */

/** JupyterLab 4's id for its splash screen's element. */
const SPLASH_ELEMENT_ID = 'jupyterlab-splash';

/**
 * Make the splash screen over `doc` (if there is one) vanish in the frame JupyterLab starts its
 * fade in, and let clicks through it, until JupyterLab removes it: the same element is shown again
 * if the user changes the theme, and then it covers the page as JupyterLab means it to.
 */
export function liftSplashWithTheApp(doc: Document): void {
  const splash = doc.getElementById(SPLASH_ELEMENT_ID);
  const parent = splash?.parentNode;
  if (!splash || !parent) {
    return;
  }
  // Inline declarations win over JupyterLab's `.splash-fade` rule, which it adds a frame later;
  // its fade ends with `forwards`, so a zero-length one leaves the splash transparent.
  splash.style.animationDuration = '0s';
  splash.style.pointerEvents = 'none';
  const removal = new MutationObserver(() => {
    if (!splash.isConnected) {
      removal.disconnect();
      splash.style.removeProperty('animation-duration');
      splash.style.removeProperty('pointer-events');
    }
  });
  removal.observe(parent, { childList: true });
}
