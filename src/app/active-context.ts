/** Which keymap context has the keyboard: a dialog's, the filter's, or the screen's. */
import type { Context } from '../keys/keymap.js';
import type { Modal, Route } from '../store/index.js';

/** The context whose hints the footer shows. */
export function activeContext(route: Route, modal: Modal | undefined, editingFilter: boolean): Context {
  switch (modal?.kind) {
    case 'help':
      return 'help';
    case 'confirm':
    case 'confirm-quit':
      return 'confirm';
    case 'delete':
      return 'delete-dialog';
    case 'login':
    case 'add-registry':
    case 'goto':
      return 'form';
    default:
      return editingFilter ? 'filter' : route.screen;
  }
}
