/**
 * How the Ink tree reaches the store and the terminal: `StoreProvider` puts one vanilla
 * store (and the app's services) in context; `useBerth(selector)` subscribes a component to
 * one narrow slice of state through zustand's React binding; `useBerthShallow` is for
 * selectors that build arrays or objects. Actions are read the same way (they are stable).
 */
import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { BerthState, BerthStore } from '../store/index.js';

/** What the app does to the terminal besides drawing. */
export interface AppServices {
  /** Puts text on the clipboard (OSC 52); false when it is too long to send. */
  copyText(text: string): boolean;
  /** Animate the spinner (off in tests, so frames change only with state). */
  animate: boolean;
}

const StoreContext = createContext<BerthStore | undefined>(undefined);
const ServicesContext = createContext<AppServices | undefined>(undefined);

/** Props of {@link StoreProvider}. */
export interface StoreProviderProps {
  store: BerthStore;
  services: AppServices;
  children?: ReactNode;
}

/** Provides the store and services to the tree. */
export function StoreProvider({ store, services, children }: StoreProviderProps) {
  return (
    <StoreContext.Provider value={store}>
      <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>
    </StoreContext.Provider>
  );
}

/** The store itself, for reading state in handlers without subscribing. */
export function useBerthStore(): BerthStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useBerth needs a StoreProvider above it');
  return store;
}

/** Subscribes to `selector(state)`; re-renders when it changes (by `Object.is`). */
export function useBerth<T>(selector: (s: BerthState) => T): T {
  return useStore(useBerthStore(), selector);
}

/** Subscribes to a selector that builds an array or object; re-renders on a shallow change. */
export function useBerthShallow<T>(selector: (s: BerthState) => T): T {
  return useStore(useBerthStore(), useShallow(selector));
}

/** The app's services. */
export function useServices(): AppServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices needs a StoreProvider above it');
  return services;
}
