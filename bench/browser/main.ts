/**
 * The kernels in real Chromium workers, driven round by round from bench/run.ts (which runs the
 * native yardstick between rounds). Each worker lives for the whole benchmark and warms up once.
 */
export interface Result {
  kernel: string;
  tried: number;
  seconds: number;
}

export interface BrowserBench {
  cores: number;
  /** One round of `guesses` in one worker of that kernel (0 guesses: only warm it up). */
  single(kernel: 'simd' | 'scalar', guesses: number): Promise<Result>;
  /** One round in one SIMD worker per core at once, warmed up first: the rates add up. */
  all(guesses: number): Promise<{ workers: number; totalRate: number }>;
}

const cores = navigator.hardwareConcurrency || 2;
const workers = new Map<string, Worker>();

function ask(kernel: 'simd' | 'scalar', index: number, guesses: number): Promise<Result> {
  const key = `${kernel}-${index}`;
  let worker = workers.get(key);
  if (!worker) {
    worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
    workers.set(key, worker);
  }
  const asked = worker;
  return new Promise((done) => {
    asked.onmessage = (event: MessageEvent<Result>) => done(event.data);
    asked.postMessage({ kernel, guesses });
  });
}

const indices = Array.from({ length: cores }, (_, i) => i);
const bench: BrowserBench = {
  cores,
  single: (kernel, guesses) => ask(kernel, 0, guesses),
  async all(guesses) {
    await Promise.all(indices.map((i) => ask('simd', i, 0)));
    const results = await Promise.all(indices.map((i) => ask('simd', i, guesses)));
    return { workers: cores, totalRate: results.reduce((sum, r) => sum + r.tried / r.seconds, 0) };
  },
};
(window as unknown as { bench: BrowserBench }).bench = bench;
const status = document.getElementById('status');
if (status) status.textContent = 'ready';
