// use: the context hook components call to reach the fundraiser's store.
import { createContext, useContext } from 'solid-js';
import type { JSX } from 'solid-js';
import type { FundraiserStore } from './fundraiser-store';

const FundraiserContext = createContext<FundraiserStore>();

export function FundraiserProvider(props: { store: FundraiserStore; children: JSX.Element }) {
  return <FundraiserContext.Provider value={props.store}>{props.children}</FundraiserContext.Provider>;
}

export function useFundraiser(): FundraiserStore {
  const store = useContext(FundraiserContext);
  if (!store) throw new Error('useFundraiser() outside <FundraiserProvider>');
  return store;
}
