import { goldenCases, pythonHalf } from './golden-cases.js';

// Half of the golden apply cases whose input holds Python (pyright starts for them): golden-python-more.test.ts has
// the other half, golden-typescript.test.ts the cases without Python.
goldenCases(pythonHalf(0));
