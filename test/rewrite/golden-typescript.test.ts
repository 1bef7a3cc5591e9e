import { goldenCases, hasPython } from './golden-cases.js';

// The golden apply cases without Python; golden-python.test.ts and golden-python-more.test.ts have the others.
goldenCases((name) => !hasPython(name));
