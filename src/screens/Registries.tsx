/**
 * The registries screen, berth's first screen: every registry the user's files know (logins
 * in auth.json and Docker's config, registries.conf, recent use), Docker Hub, the local
 * layout or registry named on the command line, and below the registries the OCI layouts
 * opened recently (one that is gone is dimmed and says `missing`; Enter on it shows why on its
 * Tags screen). Enter browses one; `a`/`:` adds one; `L` logs in (the form checks the credentials
 * with the registry before anything is written, exactly as `berth login` does); `O` logs out.
 */
import { Box, Text } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import { FormDialog } from '../app/FormDialog.js';
import { useBerth, useBerthStore, useServices } from '../app/StoreProvider.js';
import type { ScreenProps } from '../app/screen-props.js';
import { useFilterKeys } from '../app/use-filter-keys.js';
import { useFuzzyFilter } from '../app/use-fuzzy-filter.js';
import { useTextInput } from '../app/use-text-input.js';
import { ErrorPanel } from '../components/ErrorPanel.js';
import { FilterInput } from '../components/FilterInput.js';
import { Table } from '../components/Table.js';
import { theme } from '../components/theme.js';
import { listNavigation } from '../keys/list-navigation.js';
import { useKeymap } from '../keys/use-keymap.js';
import type { RegistryEntry } from '../store/index.js';
import {
  REGISTRIES_LIST,
  selectCursor,
  selectEditingFilter,
  selectFilter,
  selectLogin,
  selectModal,
  selectRegistries,
  selectRegistriesError,
  selectRegistriesStatus,
} from '../store/selectors.js';
import { loginCell, registryColumns, sourcesCell } from './registry-columns.js';
import { yank } from './yank.js';

/** What the filter matches against. */
const entryText = (e: RegistryEntry): string => e.id;

/** The registries screen. */
export function Registries({ width, height, active }: ScreenProps) {
  const store = useBerthStore();
  const services = useServices();
  const registries = useBerth(selectRegistries);
  const status = useBerth(selectRegistriesStatus);
  const error = useBerth(selectRegistriesError);
  const filter = useBerth(selectFilter(REGISTRIES_LIST));
  const editing = useBerth(selectEditingFilter(REGISTRIES_LIST));
  const cursor = useBerth(selectCursor(REGISTRIES_LIST));
  const modal = useBerth(selectModal);
  const filterInput = useTextInput(filter, (v) => store.getState().setFilter(REGISTRIES_LIST, v));
  const shown = useFuzzyFilter(registries, filter, entryText);
  const index = Math.min(cursor, Math.max(0, shown.length - 1));
  const selected = shown[index];
  // Sized from every registry, not the filtered ones: columns stay put while typing a filter.
  const columns = useMemo(() => registryColumns(registries, width), [registries, width]);

  useEffect(() => {
    if (store.getState().registriesStatus === 'idle') void store.getState().loadRegistries();
  }, [store]);

  const ownModal = modal?.kind === 'login' || modal?.kind === 'add-registry' ? modal : undefined;
  const showFilter = editing || filter !== '';
  const tableHeight = Math.max(2, height - 1 - (showFilter ? 1 : 0));
  const s = () => store.getState();

  useKeymap(
    'registries',
    {
      ...listNavigation({
        // From the store, not this render: keys may come faster than renders.
        index: () => Math.min(s().cursors[REGISTRIES_LIST] ?? 0, Math.max(0, shown.length - 1)),
        count: () => shown.length,
        page: () => tableHeight - 1,
        setIndex: (i) => s().setCursor(REGISTRIES_LIST, i),
      }),
      open: () => {
        if (selected) s().openRegistry(selected.id);
      },
      filter: () => s().editFilter(REGISTRIES_LIST),
      back: () => {
        if (filter === '') return false;
        s().setFilter(REGISTRIES_LIST, '');
      },
      addRegistry: () => s().openModal({ kind: 'add-registry' }),
      login: () => {
        if (selected?.registry) s().beginLogin(selected.registry);
        else if (selected) s().showMessage(`${selected.id} is a local layout: there is nothing to log in to`);
      },
      logout: () => {
        if (selected?.registry) void s().logOut(selected.registry);
      },
      yank: () => {
        if (!selected) return;
        yank({ copyText: (t) => services.copyText(t), showMessage: s().showMessage, text: selected.id });
      },
      refresh: () => void s().loadRegistries(),
    },
    { isActive: active && !editing && !ownModal },
  );

  useFilterKeys({
    isActive: active && editing,
    handleKey: filterInput.handleKey,
    clear: () => s().setFilter(REGISTRIES_LIST, ''),
  });

  if (ownModal?.kind === 'login') return <LoginDialog registry={ownModal.registry} width={width} />;
  if (ownModal?.kind === 'add-registry') return <AddRegistryDialog width={width} />;

  return (
    <Box flexDirection="column" height={height}>
      <Text>
        <Text bold>Registries</Text>
        <Text color={theme.muted}>
          {' '}
          {registries.length}
          {status === 'loading' ? ' (reading credential files…)' : ''}
        </Text>
      </Text>
      {showFilter ? (
        <FilterInput
          value={filter}
          cursor={filterInput.cursor}
          editing={editing}
          matches={shown.length}
          total={registries.length}
        />
      ) : null}
      {status === 'error' && error ? (
        <ErrorPanel error={error} title="Cannot read the credential files" hint="r tries again" />
      ) : (
        <Table
          columns={columns}
          count={shown.length}
          cursor={index}
          height={tableHeight}
          width={width}
          cell={(row, col) => {
            const e = shown[row];
            if (!e) return '';
            return col === 0 ? e.id : col === 1 ? loginCell(e) : sourcesCell(e);
          }}
          isDimmed={(row) => shown[row]?.missing === true}
          empty={filter ? 'no registry matches the filter' : 'no registries yet: a adds one'}
        />
      )}
    </Box>
  );
}

function LoginDialog({ registry, width }: { registry: string; width: number }) {
  const store = useBerthStore();
  const login = useBerth(selectLogin);
  const entry = useBerth((s) => s.registries.find((e) => e.registry === registry));
  const tlsOff = useBerth((s) => s.tlsOff[registry] === true);
  const mine = login?.registry === registry ? login : undefined;
  return (
    <FormDialog
      title={`Log in to ${registry}`}
      fields={[
        { id: 'username', label: 'username', kind: 'text' },
        { id: 'password', label: 'password', kind: 'password' },
        { id: 'tls', label: 'verify TLS', kind: 'toggle' },
      ]}
      initial={{
        username: entry?.logins.find((l) => l.username)?.username ?? '',
        password: '',
        tls: !(tlsOff || entry?.insecure === true),
      }}
      onSubmit={(v) => {
        void store
          .getState()
          .logIn({
            registry,
            username: String(v.username ?? ''),
            password: String(v.password ?? ''),
            tlsVerify: v.tls === true,
          })
          .then((ok) => {
            if (ok && store.getState().modal?.kind === 'login') store.getState().closeModal();
          });
      }}
      onClose={() => store.getState().closeModal()}
      width={width}
      {...(mine?.status === 'failed' && mine.error ? { error: mine.error } : {})}
      {...(mine?.status === 'checking' ? { busy: `checking the credentials with ${registry}` } : {})}
    />
  );
}

function AddRegistryDialog({ width }: { width: number }) {
  const store = useBerthStore();
  const [error, setError] = useState<string | undefined>();
  return (
    <FormDialog
      title="Add a registry"
      fields={[
        { id: 'registry', label: 'registry', kind: 'text', placeholder: 'quay.io, localhost:5000' },
        { id: 'tls', label: 'verify TLS', kind: 'toggle' },
      ]}
      initial={{ registry: '', tls: true }}
      onSubmit={(v) => {
        const why = store
          .getState()
          .addRegistry({ registry: String(v.registry ?? ''), tlsVerify: v.tls === true });
        if (why) setError(why);
        else store.getState().closeModal();
      }}
      onClose={() => store.getState().closeModal()}
      width={width}
      {...(error ? { error } : {})}
    />
  );
}
