/** Runs the kernels in real Chromium workers: one worker alone, then one per core at once. */
interface Result {
  kernel: string;
  tried: number;
  seconds: number;
}

function run(kernel: 'simd' | 'scalar', guesses: number): Promise<Result> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise((done) => {
    worker.onmessage = (event: MessageEvent<Result>) => {
      worker.terminate();
      done(event.data);
    };
    worker.postMessage({ kernel, guesses });
  });
}

async function main() {
  const guesses = Number(new URLSearchParams(location.search).get('guesses') ?? 2_000_000);
  const cores = navigator.hardwareConcurrency || 2;
  const single = { simd: await run('simd', guesses), scalar: await run('scalar', Math.round(guesses / 4)) };
  // All at once: each worker warms up, then measures; their measurements overlap, so the rates add up.
  const all = await Promise.all(Array.from({ length: cores }, () => run('simd', guesses)));
  const total = all.reduce((sum, r) => sum + r.tried / r.seconds, 0);
  const report = { cores, single, all: { workers: cores, totalRate: total } };
  (window as unknown as { benchResult: unknown }).benchResult = report;
  const status = document.getElementById('status');
  if (status) status.textContent = JSON.stringify(report);
}

void main();
