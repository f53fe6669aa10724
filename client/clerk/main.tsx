import { render } from 'solid-js/web';
import '../shared/base.css';
import '../device-ui/device.css';
import './clerk.css';
import { registerShellWorker } from '../device/service-worker';
import { DeviceShell } from '../device-ui/DeviceShell';
import { ClerkApp } from './ClerkApp';

registerShellWorker();
render(() => (
  <DeviceShell title="Check-in log in" mode="on-demand" roles={['clerk', 'manager']} fromSnapshot>
    <ClerkApp />
  </DeviceShell>
), document.getElementById('app')!);
