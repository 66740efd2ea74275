/**
 * Frames at most every `intervalMs` (33 ms: ~30 per second). A request in a quiet moment draws at
 * once; requests in between coalesce into one frame at the next slot, so streaming text cannot
 * flood the terminal and keys are answered within a frame.
 */
export interface FrameScheduler {
  readonly request: () => void
  /** Draws now if a frame is pending. */
  readonly flush: () => void
  readonly dispose: () => void
  readonly frames: () => number
}

export const frameScheduler = (draw: () => void, intervalMs = 33, now: () => number = Date.now): FrameScheduler => {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let pending = false
  let frames = 0
  let disposed = false
  const run = () => {
    timer = null
    if (disposed || !pending) return
    pending = false
    last = now()
    frames++
    draw()
  }
  return {
    request: () => {
      if (disposed) return
      pending = true
      if (timer !== null) return
      const wait = Math.max(0, last + intervalMs - now())
      timer = setTimeout(run, wait)
    },
    flush: () => {
      if (timer !== null) clearTimeout(timer)
      timer = null
      run()
    },
    dispose: () => {
      disposed = true
      if (timer !== null) clearTimeout(timer)
      timer = null
    },
    frames: () => frames
  }
}
