/**
 * The package's name and version as the result's manifest records them. A constant rather than a read of
 * package.json, so the model needs no file system (browser); test/util/version.test.ts keeps it equal to
 * package.json.
 */
export const PACKAGE_NAME = 'defi-contagion';
export const PACKAGE_VERSION = '0.1.0';
