/** Cross-field validation of a network whose shape already passed the schema. */
export { validateNetwork } from './network.js';
export { matchSourcePath, parseSourcePath } from './sources.js';
