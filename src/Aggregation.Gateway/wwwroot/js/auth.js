// The API key: asked for when the API answers 401, kept in sessionStorage for this tab's session only.
import { h } from './dom.js';
import { t } from './i18n.js';

const STORAGE = 'aggregation.key';
let pending = null; // one dialog for every request that needs a key at the same time

export function currentKey() {
  return sessionStorage.getItem(STORAGE);
}

export function signOut() {
  sessionStorage.removeItem(STORAGE);
  location.reload();
}

/** Shows the key dialog (once, however many requests wait) and resolves with the key typed in. */
export function askForKey(rejected) {
  pending ??= new Promise((resolve) => {
    const input = h('input', { type: 'password', name: 'key', required: true, autocomplete: 'off', size: 48, 'data-testid': 'key-input' });
    const dialog = h('dialog', { class: 'key-dialog', 'data-testid': 'key-dialog', 'aria-labelledby': 'key-title' },
      h('form', { method: 'dialog' },
        h('h2', { id: 'key-title' }, t('keyTitle')),
        rejected ? h('p', { class: 'alert alert-error', role: 'alert' }, t('keyRejected')) : null,
        h('p', null, t('keyHelp')),
        h('label', null, h('span', null, t('keyLabel')), ' ', input),
        h('p', null, h('button', { type: 'submit', 'data-testid': 'key-submit' }, t('keySignIn')))));
    // Escape must not leave the page without a key: the dialog stays until one is entered.
    dialog.addEventListener('cancel', (event) => event.preventDefault());
    dialog.addEventListener('close', () => {
      const key = input.value.trim();
      if (!key) {
        dialog.showModal();
        return;
      }
      sessionStorage.setItem(STORAGE, key);
      dialog.remove();
      pending = null;
      resolve(key);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return pending;
}
