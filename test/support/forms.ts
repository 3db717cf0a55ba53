import { fireEvent, within } from '@testing-library/react';

/**
 * A node's form or details, opened if they are tucked away behind the button named like them
 * (DESIGN.md's accessible contract: the fields keep their names).
 */
export function openedForm(region: HTMLElement, name: string | RegExp): HTMLElement {
  const found = within(region).queryByRole('form', { name });
  if (found) return found;
  fireEvent.click(within(region).getByRole('button', { name }));
  return within(region).getByRole('form', { name });
}

/** Opens a node's details (its neighbours, pending transactions and HTTP log), if they are not open. */
export function openDetails(region: HTMLElement): void {
  const button = within(region).getByRole('button', { name: /^(Details|자세히)$/ });
  if (button.getAttribute('aria-expanded') !== 'true') fireEvent.click(button);
}
