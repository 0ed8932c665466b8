import { heading } from '../govuk.js';
import type { View } from '../main.js';

const view: View = async ({ main }) => {
  main.append(heading('register'));
  return 'register';
};
export default view;
