import { render } from 'solid-js/web';
import '../shared/base.css';
import '../device-ui/device.css';
import './manager.css';
import { registerShellWorker } from '../device/service-worker';
import { DeviceShell } from '../device-ui/DeviceShell';
import { ManagerApp } from './ManagerApp';

registerShellWorker();
render(() => (
  <DeviceShell title="Manager log in" mode="live" roles={['manager']} fromSnapshot>
    <ManagerApp />
  </DeviceShell>
), document.getElementById('app')!);
