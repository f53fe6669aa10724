// The website's entry. Two pages on one bundle: /order/<fid> and its receipts. This bundle
// must not import yjs or any y-* package (tests/browser check the built files).
import { Match, Switch, createSignal, onCleanup } from 'solid-js';
import { render } from 'solid-js/web';
import '../shared/base.css';
import './order.css';
import { OrderPage } from './OrderPage';
import { ReceiptPage } from './ReceiptPage';

/** The server serves this page for every /order/… path: what is not a page says so here. */
type Route =
  | { page: 'order'; fid: string }
  | { page: 'receipt'; fid: string; orderId: string; receipt: string }
  | { page: 'broken'; problem: string; fid?: string };

function routeOf(location: Location): Route {
  const parts = pathParts(location.pathname);
  const fid = parts?.[1];
  if (!parts || !fid) return { page: 'broken', problem: 'This link does not name a fundraiser. Open the full link the club gave you.' };
  if (parts.length === 2) return { page: 'order', fid };
  const receipt = new URLSearchParams(location.search).get('receipt');
  if (parts[2] === 'receipt' && parts[3] && parts.length === 4 && receipt) return { page: 'receipt', fid, orderId: parts[3], receipt };
  if (parts[2] === 'receipt') return { page: 'broken', fid, problem: 'This receipt link is incomplete. Open the full link you kept when you ordered.' };
  return { page: 'broken', fid, problem: 'There is no such page for this fundraiser.' };
}

/** undefined for a path that does not decode (a stray "%"). */
function pathParts(pathname: string): string[] | undefined {
  try {
    return pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

function BrokenLink(props: { problem: string; fid?: string }) {
  document.title = 'Link not found';
  return (
    <main class="website">
      <p class="notice error" role="alert">{props.problem}</p>
      {props.fid ? <p><a href={`/order/${encodeURIComponent(props.fid)}`}>Go to this fundraiser's order page</a></p> : null}
    </main>
  );
}

function App() {
  const [route, setRoute] = createSignal(routeOf(window.location));
  const [justPlaced, setJustPlaced] = createSignal(false);
  const onPop = () => (setJustPlaced(false), setRoute(routeOf(window.location)));
  window.addEventListener('popstate', onPop);
  onCleanup(() => window.removeEventListener('popstate', onPop));
  const placed = (path: string) => {
    history.pushState(null, '', path);
    setJustPlaced(true);
    setRoute(routeOf(window.location));
    window.scrollTo(0, 0);
  };
  return (
    <Switch>
      <Match when={route().page === 'receipt' && route() as Extract<Route, { page: 'receipt' }>}>
        {(r) => <ReceiptPage fid={r().fid} orderId={r().orderId} receipt={r().receipt} justPlaced={justPlaced()} />}
      </Match>
      <Match when={route().page === 'order' && route() as Extract<Route, { page: 'order' }>}>
        {(r) => <OrderPage fid={r().fid} onPlaced={placed} />}
      </Match>
      <Match when={route().page === 'broken' && route() as Extract<Route, { page: 'broken' }>}>
        {(r) => <BrokenLink problem={r().problem} fid={r().fid} />}
      </Match>
    </Switch>
  );
}

render(() => <App />, document.getElementById('app')!);
