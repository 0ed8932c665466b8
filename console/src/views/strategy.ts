import { heading } from '../govuk.js';
import type { View } from '../main.js';

const view: View = async ({ main }) => {
  main.append(heading('strategy'));
  return 'strategy';
};
export default view;
