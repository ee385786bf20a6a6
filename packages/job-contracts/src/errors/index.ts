export { ContractValidationError } from './contract-validation-error';
export { type PayloadIssue, payloadIssues } from './payload-issues';
export { ValidationError } from './validation-error';
export { YgError } from './yg-error';
