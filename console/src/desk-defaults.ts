/**
 * What the screening desk chooses for staff before they choose: the case a contact is
 * about. A repeat caller with exactly one open case is almost always calling about it,
 * so it is chosen (staff can still pick another, a new matter or none).
 */
export function defaultCaseId(cases: readonly { id: string; status: string }[], chosen?: string): string | undefined {
  if (chosen) return chosen;
  const open = cases.filter((c) => c.status === 'OPEN');
  return open.length === 1 ? open[0]?.id : undefined;
}
