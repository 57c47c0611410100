export { default } from '../eslint.internal.mjs';
