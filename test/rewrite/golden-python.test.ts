import { goldenCases, hasPython } from './golden-cases.js';

// The golden apply cases whose input holds Python (pyright starts for them); golden-typescript.test.ts has the rest.
goldenCases(hasPython);
