/**
 * A form that owns the keyboard while open: it keeps the values, cursors and the focused
 * field, edits text fields, moves with Tab/↑↓, switches options with Space, submits with
 * Enter and closes with Esc (the keymap's `form` context). Ctrl-C goes to the store: it
 * cancels a check in flight. Screens use it for their dialogs (login, add a registry, go to
 * a reference).
 */
import { useRef, useState } from 'react';
import { Form, type FormField } from '../components/Form.js';
import { editText } from '../keys/text-edit.js';
import { useKeymap } from '../keys/use-keymap.js';
import { useBerthStore } from './StoreProvider.js';

/** Values of a form: strings for text fields, booleans for options. */
export type FormValues = Readonly<Record<string, string | boolean>>;

/** Props of {@link FormDialog}. */
export interface FormDialogProps {
  title: string;
  fields: readonly FormField[];
  initial: FormValues;
  onSubmit: (values: FormValues) => void;
  onClose: () => void;
  error?: string;
  busy?: string;
  width: number;
}

interface FormState {
  values: FormValues;
  cursors: Readonly<Record<string, number>>;
  focus: number;
}

/** A form dialog. */
export function FormDialog({
  title,
  fields,
  initial,
  onSubmit,
  onClose,
  error,
  busy,
  width,
}: FormDialogProps) {
  const store = useBerthStore();
  const [state, setState] = useState<FormState>(() => ({ values: initial, cursors: {}, focus: 0 }));
  // Keys can arrive faster than renders (a paste, a test); each must build on the last.
  const current = useRef(state);
  current.current = state;
  const update = (next: FormState): void => {
    current.current = next;
    setState(next);
  };
  const move = (delta: number) => () => {
    const s = current.current;
    update({ ...s, focus: (s.focus + delta + fields.length) % fields.length });
  };

  useKeymap(
    'form',
    {
      submit: () => {
        if (!busy) onSubmit(current.current.values);
      },
      nextField: move(1),
      prevField: move(-1),
      toggle: () => {
        const s = current.current;
        const f = fields[s.focus];
        if (f?.kind !== 'toggle' || busy) return false;
        update({ ...s, values: { ...s.values, [f.id]: s.values[f.id] !== true } });
      },
      closeForm: () => {
        if (busy) store.getState().interrupt();
        onClose();
      },
      interrupt: () => void store.getState().interrupt(),
    },
    {
      onOtherKey: (event) => {
        const s = current.current;
        const f = fields[s.focus];
        if (!f || f.kind === 'toggle' || busy) return false;
        const value = typeof s.values[f.id] === 'string' ? (s.values[f.id] as string) : '';
        const next = editText({ value, cursor: s.cursors[f.id] ?? [...value].length }, event);
        if (!next) return false;
        update({
          ...s,
          values: { ...s.values, [f.id]: next.value },
          cursors: { ...s.cursors, [f.id]: next.cursor },
        });
        return true;
      },
    },
  );

  return (
    <Form
      title={title}
      fields={fields}
      values={state.values}
      cursors={state.cursors}
      focus={state.focus}
      width={width}
      {...(error ? { error } : {})}
      {...(busy ? { busy } : {})}
    />
  );
}
