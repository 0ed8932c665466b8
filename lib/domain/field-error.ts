/** One field-level problem, as in the contract's problem+json `errors`: a broken rule names the field it is about. */
export interface FieldError {
  path: string;
  message: string;
}
