export * from './accountability-forms';
export * from './accountability-summary';
export * from './candidate-key';
export * from './review-stages';
