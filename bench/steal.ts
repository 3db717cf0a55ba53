import { readFileSync } from 'node:fs';

/** The machine's CPU time so far, from /proc/stat: what the host took from it, and all of it. */
function cpuTimes(): { readonly steal: number; readonly total: number } | null {
  try {
    // user nice system idle iowait irq softirq steal (guest time is counted in user already)
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
      .trim()
      .split(/\s+/)
      .slice(1, 9)
      .map(Number);
    if (fields.length < 8 || fields.some((n) => !Number.isFinite(n))) return null;
    return { steal: fields[7] as number, total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return null;
  }
}

/**
 * On a virtual machine the host may take CPU time from it ("steal"): a run in an hour of heavy
 * steal on this project's machine reached 845 blocks in the time another run reached 2,000. A
 * meter started now; reading it gives the share of CPU time taken since, in words for a report
 * (empty where the system does not say).
 */
export function stealMeter(): () => string {
  const start = cpuTimes();
  return () => {
    const end = cpuTimes();
    if (!start || !end || end.total <= start.total) return '';
    const share = (100 * (end.steal - start.steal)) / (end.total - start.total);
    return `CPU time taken by the host (steal) during the run: ${share.toFixed(1)}%${share >= 5 ? ' (high: figures of this run are not comparable with others)' : ''}`;
  };
}
