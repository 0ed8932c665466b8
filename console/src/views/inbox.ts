import { heading } from '../govuk.js';
import type { View } from '../main.js';

const view: View = async ({ main }) => {
  main.append(heading('inbox'));
  return 'inbox';
};
export default view;
