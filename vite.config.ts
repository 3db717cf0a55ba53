import react from '@vitejs/plugin-react';
import type { Connect } from 'vite';
import { defineConfig } from 'vitest/config';
import { isRelayed, relay } from './src/cli/relay.ts';

/** `npm start` and `vite preview` relay requests to tutorial nodes, as `chainscope serve` does. */
const relayMiddleware: Connect.NextHandleFunction = (incoming, outgoing, next) => {
  if (!isRelayed(incoming)) return next();
  relay(incoming, outgoing).catch(next);
};

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'chainscope-relay',
      configureServer: (server) => void server.middlewares.use(relayMiddleware),
      configurePreviewServer: (server) => void server.middlewares.use(relayMiddleware),
    },
  ],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  worker: { format: 'es' },
  build: { target: 'es2022' },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 30_000,
  },
});
