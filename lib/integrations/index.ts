/**
 * Local data sources: flags from files ({@link fileDataSource}) and flags set up in code for
 * tests ({@link TestData}).
 */
export { fileDataSource, DEFAULT_FILE_DEBOUNCE, DEFAULT_MAX_FILE_BYTES } from './file-data-source';
export type { FileDataSourceOptions } from './file-data-source';
export { TestData } from './test-data/test-data';
export { TestDataFlagBuilder } from './test-data/flag-builder';
export { TestDataRuleBuilder } from './test-data/rule-builder';
