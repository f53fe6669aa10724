// The website's entry. Two pages on one bundle: /order/<fid> and its receipts. This bundle
// must not import yjs or any y-* package (tests/browser check the built files).
import { Match, Switch, createSignal, onCleanup } from 'solid-js';
import { render } from 'solid-js/web';
import '../shared/base.css';
import './order.css';
import { OrderPage } from './OrderPage';
import { ReceiptPage } from './ReceiptPage';

interface Route { fid: string; orderId?: string; receipt?: string }

function routeOf(location: Location): Route {
  const parts = location.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const fid = parts[1] ?? 'demo';
  if (parts[2] === 'receipt' && parts[3]) {
    return { fid, orderId: parts[3], receipt: new URLSearchParams(location.search).get('receipt') ?? '' };
  }
  return { fid };
}

function App() {
  const [route, setRoute] = createSignal(routeOf(window.location));
  const onPop = () => setRoute(routeOf(window.location));
  window.addEventListener('popstate', onPop);
  onCleanup(() => window.removeEventListener('popstate', onPop));
  const go = (path: string) => {
    history.pushState(null, '', path);
    setRoute(routeOf(window.location));
    window.scrollTo(0, 0);
  };
  return (
    <Switch>
      <Match when={route().orderId}>
        {(orderId) => <ReceiptPage fid={route().fid} orderId={orderId()} receipt={route().receipt ?? ''} />}
      </Match>
      <Match when={!route().orderId}><OrderPage fid={route().fid} onPlaced={go} /></Match>
    </Switch>
  );
}

render(() => <App />, document.getElementById('app')!);
