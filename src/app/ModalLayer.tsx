/**
 * The dialogs the shell owns: help, "quit while jobs run?", a generic yes/no question,
 * `:` go to a reference, and the delete confirmation (any screen can ask for it). Each takes
 * the keyboard while open. Dialogs that belong to one screen (the login form) are drawn by
 * that screen; {@link isShellModal} tells them apart.
 */
import { Box } from 'ink';
import { useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog.js';
import { HelpOverlay, helpLines } from '../components/HelpOverlay.js';
import { type Context, helpFor } from '../keys/keymap.js';
import { useKeymap } from '../keys/use-keymap.js';
import { DeleteDialog } from '../screens/DeleteDialog.js';
import type { Modal } from '../store/index.js';
import { selectReadOnly, selectRunningJobCount } from '../store/selectors.js';
import { FormDialog } from './FormDialog.js';
import { useBerth, useBerthStore } from './StoreProvider.js';

/** Whether the shell draws this modal (over the screen) rather than the screen itself. */
export function isShellModal(modal: Modal | undefined): boolean {
  return (
    modal?.kind === 'help' ||
    modal?.kind === 'confirm-quit' ||
    modal?.kind === 'confirm' ||
    modal?.kind === 'goto' ||
    modal?.kind === 'delete'
  );
}

/** Props of {@link ModalLayer}. */
export interface ModalLayerProps {
  modal: Modal;
  /** The context of the screen under the dialog (for help). */
  screenContext: Context;
  width: number;
  height: number;
}

/** Draws the shell's modal. */
export function ModalLayer({ modal, screenContext, width, height }: ModalLayerProps) {
  switch (modal.kind) {
    case 'help':
      return <HelpLayer context={screenContext} width={width} height={height} />;
    case 'confirm-quit':
      return <QuitLayer width={width} />;
    case 'confirm':
      return <ConfirmLayer modal={modal} width={width} />;
    case 'goto':
      return <GotoLayer width={width} />;
    case 'delete':
      return <DeleteDialog width={width} height={height} />;
    default:
      return null;
  }
}

function HelpLayer({ context, width, height }: { context: Context; width: number; height: number }) {
  const store = useBerthStore();
  const readOnly = useBerth(selectReadOnly);
  const [offset, setOffset] = useState(0);
  const sections = helpFor(context, { readOnly });
  const page = Math.max(1, height - 1);
  const last = Math.max(0, helpLines(sections, { width }).length - page);
  const scroll = (delta: number) => () => setOffset((o) => Math.max(0, Math.min(last, o + delta)));
  useKeymap('help', {
    closeHelp: () => store.getState().closeModal(),
    up: scroll(-1),
    down: scroll(1),
    pageUp: scroll(-page),
    pageDown: scroll(page),
    top: () => setOffset(0),
    bottom: () => setOffset(last),
    interrupt: () => {
      store.getState().closeModal();
      store.getState().interrupt();
    },
  });
  return <HelpOverlay sections={sections} width={width} height={height} offset={offset} />;
}

function QuitLayer({ width }: { width: number }) {
  const store = useBerthStore();
  const running = useBerth(selectRunningJobCount);
  useKeymap('confirm', {
    confirm: () => store.getState().quit(),
    cancel: () => store.getState().closeModal(),
    interrupt: () => store.getState().quit(),
  });
  return (
    <Box>
      <ConfirmDialog
        title="Quit berth?"
        lines={[`${running} transfer${running === 1 ? ' is' : 's are'} still running and will be cancelled.`]}
        confirmLabel="quit"
        width={width}
      />
    </Box>
  );
}

function ConfirmLayer({ modal, width }: { modal: Extract<Modal, { kind: 'confirm' }>; width: number }) {
  const store = useBerthStore();
  useKeymap('confirm', {
    confirm: () => {
      store.getState().closeModal();
      modal.onConfirm();
    },
    cancel: () => store.getState().closeModal(),
    interrupt: () => store.getState().closeModal(),
  });
  return (
    <ConfirmDialog title={modal.title} lines={modal.lines} confirmLabel={modal.confirmLabel} width={width} />
  );
}

function GotoLayer({ width }: { width: number }) {
  const store = useBerthStore();
  const [error, setError] = useState<string | undefined>();
  return (
    <FormDialog
      title="Go to a reference (quay.io/org/app:tag, oci:./layout)"
      fields={[{ id: 'ref', label: 'reference', kind: 'text', placeholder: 'host/repository[:tag]' }]}
      initial={{ ref: '' }}
      onSubmit={(v) => setError(store.getState().goTo(String(v.ref ?? '')))}
      onClose={() => store.getState().closeModal()}
      width={width}
      {...(error ? { error } : {})}
    />
  );
}
