import { goldenCases, hasPython } from './golden-cases.js';

// The golden apply cases without Python; golden-python.test.ts has the others.
goldenCases((name) => !hasPython(name));
