import { type TouchEvent, useRef } from 'react';

/** A horizontal swipe of at least this many pixels (and more sideways than down) turns the page. */
const MIN_SWIPE_PX = 60;

/**
 * Touch handlers for swiping between periods (the manual's "swipe" on the charts): right goes to the previous
 * period, left to the next. Spread them on the element that holds the chart.
 */
export function useSwipe(onPrevious: () => void, onNext: () => void) {
  const touch = useRef<{ x: number; y: number } | null>(null);
  return {
    onTouchStart(e: TouchEvent) {
      const p = e.touches[0];
      touch.current = p ? { x: p.clientX, y: p.clientY } : null;
    },
    onTouchEnd(e: TouchEvent) {
      const start = touch.current;
      const p = e.changedTouches[0];
      touch.current = null;
      if (!start || !p) return;
      const dx = p.clientX - start.x;
      if (Math.abs(dx) < MIN_SWIPE_PX || Math.abs(dx) < Math.abs(p.clientY - start.y)) return;
      if (dx > 0) onPrevious();
      else onNext();
    },
  };
}
