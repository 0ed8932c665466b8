/** One field-level problem, as in a problem+json answer's `errors`: a broken rule names the field it is about. */
export interface FieldError {
  path: string;
  message: string;
}
