#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx's loader, so a fresh
// clone needs no server build step; only the web app is built (by Vite).
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
