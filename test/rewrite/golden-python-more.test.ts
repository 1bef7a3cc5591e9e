import { goldenCases, pythonHalf } from './golden-cases.js';

// The other half of the golden apply cases whose input holds Python; see golden-python.test.ts.
goldenCases(pythonHalf(1));
