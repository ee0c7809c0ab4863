export { assess } from './assess';
export { addMonths, repairableFrom } from './counting';
export { BUILT_IN_MEASURES } from './measures';
export { ANKANG, BUILT_IN_SCHEMES, MARKET_RISK, PUBLICITY, RIZHAO, withDefaults } from './schemes';
export * from './types';
export * from './labels';
export { EARLIEST_RECORD, FUTURE_TOLERANCE_MS, recordDateProblem, schemeProblems } from './validate';
export { inputsDigest } from './digest';
export { drawForInspection, drawnCount, populationDigest, type ClassShare, type DrawCandidate } from './inspection-draw';
